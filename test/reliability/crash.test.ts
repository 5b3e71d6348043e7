// Crash: `kill -9` a built console while 50 login toggles wait on a slow ENS, restart it, and
// check that start-up closes every interrupted operation as `unknown` and the chain verifies.
import { execFileSync } from "node:child_process";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "@/emulator/server";
import { verifyChain } from "@/lib/audit/verify";
import { queryRows } from "@/lib/db/client";
import { postgresReachable } from "../support/db";
import {
  actionId,
  built,
  callAction,
  DIST_DIR,
  fleetInstanceIds,
  login,
  ROOT,
  setFaults,
  startConsoleProcess,
  throwawayDb,
  type ConsoleProcess,
  type ThrowawayDb,
} from "./console-process";

const PORT = Number(process.env.RELIABILITY_CRASH_PORT ?? 3332);
const EMU_PORT = Number(process.env.RELIABILITY_CRASH_EMULATOR_PORT ?? 18832);
const IN_FLIGHT = 50;
const LATENCY_MS = 6000; // below the default 10 s read timeout: one attempt per call
const canRun = built() && (await postgresReachable());

describe.skipIf(!canRun)(`crash while ${IN_FLIGHT} actions are in flight (${DIST_DIR}, PostgreSQL)`, () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let db: ThrowawayDb;
  let consoleProc: ConsoleProcess | undefined;

  beforeAll(async () => {
    emu = await startEmulator({ port: EMU_PORT });
    db = await throwawayDb("crash", [{ email: "crash-op@rel.test", role: "operator" }]);
  });
  afterAll(async () => {
    await consoleProc?.kill9();
    await db?.drop();
    await emu?.close();
  });

  const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(db.handle.db, q);
  const openOps = async () =>
    (
      await rows<{ n: string }>(sql`SELECT count(*) AS n FROM audit_events r WHERE r.phase = 'requested'
      AND NOT EXISTS (SELECT 1 FROM audit_events c WHERE c.operation_id = r.operation_id AND c.phase = 'completed')`)
    )[0].n;

  it("closes every interrupted operation as unknown after a restart, and audit:verify passes", async () => {
    consoleProc = await startConsoleProcess(PORT, db.url, emu.endpoint);
    const cookie = await login(consoleProc.url, "crash-op@rel.test");
    const setLogin = actionId("setLogin", "lib/actions/logins.ts");
    const ids = await fleetInstanceIds(IN_FLIGHT);

    await setFaults(emu.url, { latencyMs: LATENCY_MS });
    const firedAt = Date.now();
    const sent = ids.map((instanceId, i) =>
      callAction(consoleProc!.url, cookie, setLogin, [
        i % 2
          ? { instanceId, action: "close" }
          : { instanceId, action: "open", keyName: "support-adb-key", durationMinutes: 60, reason: "TICKET-1" },
      ]).catch((e: Error) => e),
    );
    // Wait until all 50 `requested` events are written, then kill. A toggle makes two ENS calls
    // (ManageAICLogin, then the delivery list), so none can complete before 2 × LATENCY_MS.
    const deadline = firedAt + 2 * LATENCY_MS - 1000;
    while (Number(await openOps()) < IN_FLIGHT && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const openAtKill = Number(await openOps());
    const killedAt = Date.now();
    await consoleProc.kill9();
    const settled = await Promise.all(sent);
    expect(openAtKill, `after ${Date.now() - firedAt} ms; console log:\n${consoleProc.log().slice(-3000)}`).toBe(IN_FLIGHT);
    // None got an answer: the connection died with the process (or the response stream broke off).
    const answered = settled.filter((s) => !(s instanceof Error) && (s.ok || s.code));
    expect(answered, JSON.stringify(answered[0])).toEqual([]);
    expect(Number(await openOps())).toBe(IN_FLIGHT);

    // Restart with a short operation timeout so start-up reconciles the dead operations.
    await new Promise((r) => setTimeout(r, Math.max(0, 1500 - (Date.now() - killedAt))));
    consoleProc = await startConsoleProcess(PORT, db.url, emu.endpoint, { CONSOLE_OPERATION_TIMEOUT_MS: "1000" });
    expect(Number(await openOps())).toBe(0);
    expect(consoleProc.log()).toContain(`marked ${IN_FLIGHT} interrupted operation(s) as unknown`);

    const pairs = await rows<{
      operation_id: string;
      requested: string;
      completed: string;
      outcome: string | null;
      error_code: string | null;
    }>(sql`
      SELECT operation_id,
        count(*) FILTER (WHERE phase = 'requested') AS requested,
        count(*) FILTER (WHERE phase = 'completed') AS completed,
        max(outcome) FILTER (WHERE phase = 'completed') AS outcome,
        max(error_code) FILTER (WHERE phase = 'completed') AS error_code
      FROM audit_events WHERE action IN ('login.open', 'login.close') GROUP BY operation_id`);
    expect(pairs).toHaveLength(IN_FLIGHT);
    for (const p of pairs) {
      expect([Number(p.requested), Number(p.completed)], p.operation_id).toEqual([1, 1]);
      expect([p.outcome, p.error_code]).toEqual(["unknown", "Console.OutcomeUnknown"]);
    }

    // The restarted console works: the same toggle now completes.
    await setFaults(emu.url, {});
    const again = await callAction(consoleProc.url, cookie, setLogin, [{ instanceId: ids[1], action: "close" }]);
    expect(again.ok, again.body).toBe(true);

    const chain = await verifyChain(db.handle.db);
    expect(chain.intact).toBe(true);
    const out = execFileSync(process.execPath, [`${ROOT}/node_modules/tsx/dist/cli.mjs`, "scripts/audit-verify.ts"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: db.url },
      encoding: "utf8",
    });
    expect(out).toMatch(/^intact: \d+ events/);
    console.log(`[crash] ${IN_FLIGHT} in flight at kill -9 → ${pairs.length} closed as unknown at restart; ${out.trim()}`);
  });
});
