import fs from "node:fs";
import { sql } from "drizzle-orm";
import { getDb, queryRows } from "../db/client";
import { MIGRATIONS_DIR } from "../db/migrate";
import { draining } from "../lifecycle";
import { processSingleton } from "../singleton";
import { engineRunning, processEnsClient } from "./process-state";
import { within } from "./within";

export type ReadinessCheck = "database" | "migrations" | "engine" | "ens" | "shutdown";
export type Readiness = { ok: true } | { ok: false; failing: ReadinessCheck[] };

const CHECK_TIMEOUT_MS = 2000;
// The route is public and each probe is a real ENS call on the console's AccessKey: a flood of
// probes must not spend the quota the engine needs, so one answer serves every probe for a while.
const ENS_PROBE_REUSE_MS = 5000;

const migrationFiles = () =>
  processSingleton("metrics.migration-files", () =>
    fs
      .readdirSync(MIGRATIONS_DIR)
      .filter((f) => f.endsWith(".sql"))
      .sort(),
  );

async function database(): Promise<{ database: boolean; migrations: boolean }> {
  const db = await within(CHECK_TIMEOUT_MS, async () => {
    const db = await getDb();
    await db.execute(sql`SELECT 1`);
    return db;
  });
  if (!db) return { database: false, migrations: true };
  const applied = await within(CHECK_TIMEOUT_MS, () => queryRows<{ name: string }>(db, sql`SELECT name FROM schema_migrations`));
  const names = new Set(applied?.map((r) => r.name));
  return { database: true, migrations: applied !== undefined && migrationFiles().every((f) => names.has(f)) };
}

async function probeEns(): Promise<boolean> {
  const client = processEnsClient();
  if (!client) return false;
  const answer = await within(CHECK_TIMEOUT_MS, () =>
    client.describeArmServerInstances({ PageSize: 1 }, { maxAttempts: 1, signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) }),
  );
  return answer !== undefined;
}

function ensAnswers(): Promise<boolean> {
  const last = processSingleton<{ at: number; answer: Promise<boolean> | null }>("metrics.ens-probe", () => ({ at: 0, answer: null }));
  if (!last.answer || Date.now() - last.at > ENS_PROBE_REUSE_MS) {
    last.at = Date.now();
    last.answer = probeEns();
  }
  return last.answer;
}

/**
 * Whether this process can serve: the database answers, every migration is applied, the operations
 * engine runs here, and ENS answers a one-row read within two seconds. Says which checks fail, nothing
 * more. Migrations are not checked when the database does not answer (only `database` is named).
 */
export async function readiness(): Promise<Readiness> {
  // Shutting down: a load balancer must stop sending requests now, whatever the rest says.
  if (draining()) return { ok: false, failing: ["shutdown"] };
  const [db, ens] = await Promise.all([database(), ensAnswers()]);
  const checks: Record<Exclude<ReadinessCheck, "shutdown">, boolean> = {
    database: db.database,
    migrations: db.migrations,
    engine: engineRunning(),
    ens,
  };
  const failing = (Object.keys(checks) as (keyof typeof checks)[]).filter((k) => !checks[k]);
  return failing.length ? { ok: false, failing } : { ok: true };
}
