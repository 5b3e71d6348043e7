// Expiring logins across a stop: logins opened for one minute, the console stopped, the minute
// passed with no console running. After the start (one console on PGlite; two replicas at once on
// PostgreSQL) every expired login is closed within 60 s, each exactly once: one close by
// system:expiry per login in the log, one applied ManageAICLogin close per instance on ENS.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "@/emulator/server";
import { createUser } from "@/lib/auth/users";
import { verifyChain } from "@/lib/audit/verify";
import { openDb, queryRows, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { clientFor } from "@/lib/ens/test/emulator-helpers";
import type { FleetSnapshot } from "@/lib/instances/view";
import { postgresReachable } from "../support/db";
import {
  actionId,
  built,
  callAction,
  DIST_DIR,
  login,
  PASSWORD,
  startConsoleProcess,
  throwawayDb,
  type ConsoleProcess,
  type ThrowawayDb,
} from "./console-process";

const PORTS = [3347, 3348, 3349].map((p, i) => Number(process.env[`RELIABILITY_EXPIRY_PORT_${i}`] ?? p));
const EMU_PORT = Number(process.env.RELIABILITY_EXPIRY_EMULATOR_PORT ?? 18847);
const canRun = built() && (await postgresReachable());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const EMAIL = "expiry-op@rel.test";

describe.skipIf(!canRun)(`expiring logins across a stop (${DIST_DIR})`, () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  const procs: ConsoleProcess[] = [];
  let pg: ThrowawayDb;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aic-expiry-"));

  beforeAll(async () => {
    emu = await startEmulator({ port: EMU_PORT, servers: 4, aicsPerServer: 8 });
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill9()));
    await pg?.drop();
    await emu?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = (port: number, databaseUrl: string, env: Record<string, string> = {}) =>
    startConsoleProcess(port, databaseUrl, emu.endpoint, env).then((p) => (procs.push(p), p));

  /** Opens login for one minute on `n` instances that are closed now; returns their ids. */
  async function openForAMinute(p: ConsoleProcess, n: number, skip: Set<string>): Promise<string[]> {
    const cookie = await login(p.url, EMAIL);
    const fleet = (await (await fetch(`${p.url}/api/fleet`, { headers: { cookie } })).json()) as FleetSnapshot;
    const ids = fleet.rows
      .filter((r) => !r.login.open && !skip.has(r.id))
      .map((r) => r.id)
      .slice(0, n);
    const setLogin = actionId("setLogin", "lib/actions/logins.ts");
    for (const instanceId of ids) {
      const r = await callAction(p.url, cookie, setLogin, [
        { instanceId, action: "open", keyName: "ops-debug-key", durationMinutes: 1, reason: "REL-1 expiry across a stop" },
      ]);
      expect(r.ok, r.body).toBe(true);
    }
    return ids;
  }

  const deliveredTo = async (ids: string[]) => {
    const all = await clientFor(emu).listAllPublicKeyDeliveries();
    return ids.filter((id) => all.some((d) => d.InstanceId === id));
  };
  const appliedCloses = async () => {
    const calls = (await (await fetch(`${emu.url}/__emulator/calls`)).json()) as {
      appliedByInstance: Record<string, Record<string, number>>;
    };
    return calls.appliedByInstance.ManageAICLogin ?? {};
  };
  const expiryCloses = (db: Db) =>
    queryRows<{ target_id: string; requested: string; completed: string; ok: string }>(
      db,
      sql`SELECT target_id, count(*) FILTER (WHERE phase = 'requested') AS requested, count(*) FILTER (WHERE phase = 'completed') AS completed,
          count(*) FILTER (WHERE phase = 'completed' AND outcome = 'success') AS ok
        FROM audit_events WHERE action = 'login.close' AND actor_email = 'system:expiry' GROUP BY target_id ORDER BY target_id`,
    );

  it("three logins expire while no console runs: one console on PGlite and two replicas on PostgreSQL close each once within 60 s of start", async () => {
    // PGlite: the folder is prepared here, then only the console holds it.
    const h = await openDb({ CONSOLE_DATA_DIR: dir });
    await migrate(h);
    await createUser(h.db, { email: EMAIL, role: "operator", password: PASSWORD });
    await h.close();
    pg = await throwawayDb("expiry", [{ email: EMAIL, role: "operator" }]);
    const pgEnv = { DATABASE_MIGRATION_URL: pg.url };

    const single = await start(PORTS[0], "", { CONSOLE_DATA_DIR: dir });
    const replica = await start(PORTS[1], pg.consoleUrl, pgEnv);
    const onPglite = await openForAMinute(single, 3, new Set());
    const onPostgres = await openForAMinute(replica, 3, new Set(onPglite));
    const openedAt = Date.now();
    expect(await deliveredTo([...onPglite, ...onPostgres])).toHaveLength(6);
    await single.stop();
    await replica.stop();

    // The minute passes with no console running.
    await sleep(Math.max(0, openedAt + 62_000 - Date.now()));
    expect(await deliveredTo([...onPglite, ...onPostgres])).toHaveLength(6);

    const startedAt = Date.now();
    const [a, b] = await Promise.all([start(PORTS[1], pg.consoleUrl, pgEnv), start(PORTS[2], pg.consoleUrl, pgEnv)]);
    const one = await start(PORTS[0], "", { CONSOLE_DATA_DIR: dir });
    for (;;) {
      const left = await deliveredTo([...onPglite, ...onPostgres]);
      if (!left.length) break;
      if (Date.now() - startedAt > 60_000)
        throw new Error(`still open 60 s after the start: ${left.join(", ")}\n${one.log().slice(-2000)}\n${a.log().slice(-2000)}`);
      await sleep(250);
    }
    const closedWithinMs = Date.now() - startedAt;
    console.log(`[expiry] 6 expired logins closed ${closedWithinMs} ms after the consoles started`);
    expect(closedWithinMs).toBeLessThan(60_000);
    // Let the engines record the last completions, then stop them all.
    await sleep(2000);
    // An operator's cancel of an expiry's close, over HTTP, is refused: the console's own operations
    // are not a person's to stop (a cancelled expiry would leave the login open, "expiry failed").
    const [expiryJob] = await queryRows<{ id: string }>(
      pg.handle.db,
      sql`SELECT id FROM operations WHERE actor_email = 'system:expiry' LIMIT 1`,
    );
    expect(expiryJob, "an expiry close ran as an operation on PostgreSQL").toBeDefined();
    const cancel = await callAction(a.url, await login(a.url, EMAIL), actionId("cancelOperation", "lib/actions/operations.ts"), [
      { operationId: expiryJob.id },
    ]);
    expect(cancel.code).toBe("Console.SystemOperation");
    await Promise.all([a.stop(), b.stop(), one.stop()]);

    // On ENS: per instance one open and one close applied, no second close.
    const applied = await appliedCloses();
    for (const id of [...onPglite, ...onPostgres]) expect(applied[id], id).toBe(2);

    const lite = await openDb({ CONSOLE_DATA_DIR: dir });
    try {
      for (const [db, ids] of [
        [lite.db, onPglite],
        [pg.handle.db, onPostgres],
      ] as const) {
        const closes = await expiryCloses(db);
        expect(closes.map((c) => [c.target_id, Number(c.requested), Number(c.completed), Number(c.ok)])).toEqual(
          [...ids].sort().map((id) => [id, 1, 1, 1]),
        );
        expect((await queryRows(db, sql`SELECT instance_id FROM login_leases`)).length).toBe(0);
        expect((await verifyChain(db)).intact).toBe(true);
      }
    } finally {
      await lite.close();
    }
  });
});
