// Two replicas: two built consoles on one PostgreSQL database get concurrent toggles of the same
// instances. Changes to one instance must be serialized across the processes, the losers get
// Console.InProgress, the audit chain stays linear and verifies, and no operation goes unrecorded.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "@/emulator/server";
import { describeAnchor, verifyChain } from "@/lib/audit/verify";
import { testSigningKey } from "@/lib/audit/test/signing-key";
import { queryRows } from "@/lib/db/client";
import { postgresReachable } from "../support/db";
import {
  actionId,
  built,
  callAction,
  DIST_DIR,
  emulatorCalls,
  fleetInstanceIds,
  login,
  startConsoleProcess,
  throwawayDb,
  type ActionCall,
  type ConsoleProcess,
  type ThrowawayDb,
} from "./console-process";

const PORTS = [Number(process.env.RELIABILITY_REPLICA_PORT_A ?? 3333), Number(process.env.RELIABILITY_REPLICA_PORT_B ?? 3334)];
const EMU_PORT = Number(process.env.RELIABILITY_REPLICA_EMULATOR_PORT ?? 18833);
const INSTANCES = 6;
const ROUNDS = 5;
const PER_REPLICA = 2; // concurrent toggles of each instance through each replica, per round
const canRun = built() && (await postgresReachable());

interface Ev {
  id: number;
  operation_id: string;
  target_id: string;
  phase: string;
  outcome: string | null;
  error_code: string | null;
  actor_email: string | null;
  prev_hash: string;
}

describe.skipIf(!canRun)(`two replicas on one PostgreSQL (${DIST_DIR})`, () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let db: ThrowawayDb;
  const replicas: ConsoleProcess[] = [];
  const key = testSigningKey();
  const CHECKPOINT_MS = 2000;

  beforeAll(async () => {
    emu = await startEmulator({ port: EMU_PORT, latencyMs: 300 });
    db = await throwawayDb("replicas", [
      { email: "op-a@rel.test", role: "operator" },
      { email: "op-b@rel.test", role: "operator" },
    ]);
    // As in production: the replicas run as aic_console, the owner only migrates; both sign checkpoints.
    const env = {
      DATABASE_MIGRATION_URL: db.url,
      AUDIT_SIGNING_KEY_FILE: key.privateFile,
      AUDIT_CHECKPOINT_INTERVAL_MS: String(CHECKPOINT_MS),
    };
    replicas.push(...(await Promise.all(PORTS.map((p) => startConsoleProcess(p, db.consoleUrl, emu.endpoint, env)))));
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await db?.drop();
    await emu?.close();
    key.cleanup();
  });

  it("serializes changes per instance across replicas, refuses the second with InProgress, and keeps one verified chain", async () => {
    const setLogin = actionId("setLogin", "lib/actions/logins.ts");
    const cookies = [await login(replicas[0].url, "op-a@rel.test"), await login(replicas[1].url, "op-b@rel.test")];
    const ids = await fleetInstanceIds(INSTANCES);
    await fetch(`${emu.url}/__emulator/reset`, { method: "POST" });
    const [firstAuditId] = await queryRows<{ max: number | null }>(db.handle.db, sql`SELECT max(id) AS max FROM audit_events`);

    const results: { replica: number; instanceId: string; res: ActionCall }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const calls = ids.flatMap((instanceId) =>
        [0, 1].flatMap((replica) =>
          Array.from({ length: PER_REPLICA }, async () => {
            const args =
              round % 2
                ? { instanceId, action: "close" }
                : { instanceId, action: "open", keyName: "support-adb-key", durationMinutes: 60, reason: "TICKET-1" };
            results.push({ replica, instanceId, res: await callAction(replicas[replica].url, cookies[replica], setLogin, [args]) });
          }),
        ),
      );
      await Promise.all(calls);
    }
    const sent = ROUNDS * INSTANCES * 2 * PER_REPLICA;
    expect(results).toHaveLength(sent);

    // Every call ends as a success or as the typed "in progress" refusal.
    const ok = results.filter((r) => r.res.ok);
    const busy = results.filter((r) => r.res.code === "Console.InProgress");
    expect(ok.length + busy.length, JSON.stringify(results.find((r) => !r.res.ok && r.res.code !== "Console.InProgress")?.res.body)).toBe(
      sent,
    );
    expect(busy.length).toBeGreaterThan(0);
    for (const b of busy) expect(b.res.body).toMatch(/in progress by op-[ab]@rel\.test/);
    // The guard works across processes: a replica refuses because of the other replica's user.
    const crossA = busy.filter((b) => b.replica === 0 && b.res.body.includes("by op-b@rel.test")).length;
    const crossB = busy.filter((b) => b.replica === 1 && b.res.body.includes("by op-a@rel.test")).length;
    expect(crossA + crossB).toBeGreaterThan(0);

    const events = await queryRows<Ev>(
      db.handle.db,
      sql`
      SELECT id, operation_id, target_id, phase, outcome, error_code, actor_email, prev_hash FROM audit_events
      WHERE id > ${firstAuditId.max ?? 0} AND action IN ('login.open', 'login.close') ORDER BY id`,
    );
    // No operation lost: one audited operation per call, each closed exactly once.
    const ops = new Map<string, Ev[]>();
    for (const e of events) ops.set(e.operation_id, [...(ops.get(e.operation_id) ?? []), e]);
    expect(ops.size).toBe(sent);
    let requested = 0;
    for (const [op, evs] of ops) {
      const phases = evs.map((e) => e.phase).join(",");
      if (evs[0].phase === "requested") {
        requested++;
        expect(phases, op).toBe("requested,completed");
        expect(evs[1].outcome, op).toBe("success");
      } else {
        expect(phases, op).toBe("completed");
        expect(evs[0].error_code, op).toBe("Console.InProgress");
      }
    }
    expect(requested).toBe(ok.length);
    expect(ops.size - requested).toBe(busy.length);

    // Serialized: per instance, in audit order, a `requested` never opens while another is open.
    const open = new Map<string, string>();
    for (const e of events) {
      if (e.phase === "requested") {
        expect(open.get(e.target_id), `two operations open at once on ${e.target_id} (event ${e.id})`).toBeUndefined();
        open.set(e.target_id, e.operation_id);
      } else if (open.get(e.target_id) === e.operation_id) open.delete(e.target_id);
    }
    expect(open.size).toBe(0);

    // Every ENS change has its audit record: ManageAICLogin reached the emulator once per operation.
    const upstream = await emulatorCalls(emu.url);
    expect(upstream.byAction.ManageAICLogin?.received).toBe(requested);

    // One linear chain: each event links to a distinct predecessor and the whole chain verifies.
    const forks = await queryRows<{ prev_hash: string }>(
      db.handle.db,
      sql`SELECT prev_hash FROM audit_events GROUP BY prev_hash HAVING count(*) > 1`,
    );
    expect(forks).toEqual([]);
    const chain = await verifyChain(db.handle.db, { publicKey: key.publicKey });
    expect(chain.intact).toBe(true);
    const users = await queryRows<{ u: string }>(
      db.handle.db,
      sql`SELECT DISTINCT usename AS u FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    expect(users.map((r) => r.u)).toEqual(["aic_console"]);
    // Both replicas sign checkpoints, but between them no two are closer than 90% of the interval.
    const gaps = await queryRows<{ gap: number }>(
      db.handle.db,
      sql`SELECT extract(epoch FROM at - lag(at) OVER (ORDER BY id)) * 1000 AS gap FROM audit_checkpoints`,
    );
    expect(gaps.slice(1).every((g) => Number(g.gap) >= CHECKPOINT_MS * 0.9)).toBe(true);
    console.log(
      `[replicas] ${sent} concurrent toggles on ${INSTANCES} instances through 2 replicas: ${ok.length} applied, ${busy.length} Console.InProgress ` +
        `(${crossA + crossB} refused because of the other replica's user); ${ops.size} audited operations; ManageAICLogin upstream ${upstream.byAction.ManageAICLogin?.received}; ` +
        `chain intact with ${chain.intact ? chain.count : "?"} events, ${forks.length} forks; ${describeAnchor(chain.anchor)} (${gaps.length} checkpoints)`,
    );
  });
});
