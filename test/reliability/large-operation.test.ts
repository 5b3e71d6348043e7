// Issue 27, point 2: "select all" over a fleet of 100,000 AICs, a bulk login close started and then
// cancelled over HTTP, on PGlite and on PostgreSQL. Throughout, /api/health (which reads the
// database) answers within 1 s; the cancel answers within 2 s; the operation ends cancelled and no
// item ends `unknown`. Ids not in the fleet are refused before anything starts (no ENS call).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "@/emulator/server";
import { openDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { createUser } from "@/lib/auth/users";
import { postgresReachable } from "../support/db";
import {
  actionId,
  built,
  callAction,
  emulatorCalls,
  login,
  PASSWORD,
  readOp,
  startConsoleProcess,
  throwawayDb,
  type ConsoleProcess,
  type ThrowawayDb,
} from "./console-process";

const PORTS = { pglite: 3347, postgres: 3348 };
const EMU_PORT = Number(process.env.RELIABILITY_LARGE_OP_EMULATOR_PORT ?? 18847);
const SERVERS = 12_500;
const INSTANCES = SERVERS * 8;
const OPERATOR = "large-op-operator@reliability.test";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** /api/health every 100 ms until stopped: the slowest answer (a request that never answers counts its wait). */
function healthProbe(url: string) {
  let slowest = 0;
  let on = true;
  const done = (async () => {
    while (on) {
      const t = performance.now();
      await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(30_000) })
        .then((r) => r.text())
        .catch(() => {});
      slowest = Math.max(slowest, performance.now() - t);
      await sleep(100);
    }
  })();
  return {
    slowest: () => slowest,
    stop: async () => {
      on = false;
      await done;
    },
  };
}

async function fleetTotal(url: string, cookie: string): Promise<number> {
  const res = await fetch(`${url}/api/fleet?offset=0&limit=1`, { headers: { cookie } });
  return res.ok ? (((await res.json()) as { total?: number }).total ?? 0) : 0;
}

const canRun = built();
const pgReachable = await postgresReachable();

describe.skipIf(!canRun)("an operation over 100,000 instances", () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  beforeAll(async () => {
    emu = await startEmulator({ port: EMU_PORT, servers: SERVERS, aicsPerServer: 8, latencyMs: 20 });
  });
  afterAll(async () => {
    await emu?.close();
  });

  const backends = [
    { name: "PGlite", key: "pglite" as const, enabled: true },
    { name: "PostgreSQL", key: "postgres" as const, enabled: pgReachable },
  ];
  for (const backend of backends) {
    describe.skipIf(!backend.enabled)(`on ${backend.name}`, () => {
      let consoleProc: ConsoleProcess | undefined;
      let pg: ThrowawayDb | undefined;
      let dir: string | undefined;

      afterAll(async () => {
        await consoleProc?.stop();
        await pg?.drop();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      });

      it("keeps answering while it starts and cancels, and nothing ends unknown", { timeout: 600_000 }, async () => {
        let dbUrl = "";
        const extraEnv: Record<string, string> = {};
        if (backend.key === "pglite") {
          dir = fs.mkdtempSync(path.join(os.tmpdir(), "aic-large-op-"));
          const h = await openDb({ CONSOLE_DATA_DIR: dir });
          await migrate(h);
          await createUser(h.db, { email: OPERATOR, role: "operator", password: PASSWORD });
          await h.close();
          extraEnv.CONSOLE_DATA_DIR = dir;
        } else {
          pg = await throwawayDb("large_op", [{ email: OPERATOR, role: "operator" }]);
          dbUrl = pg.url;
        }
        const port = PORTS[backend.key];
        consoleProc = await startConsoleProcess(port, dbUrl, emu.endpoint, extraEnv);
        const url = consoleProc.url;
        const cookie = await login(url, OPERATOR);
        const until = Date.now() + 300_000;
        while ((await fleetTotal(url, cookie)) < INSTANCES) {
          if (Date.now() > until) throw new Error(`the fleet index did not reach ${INSTANCES} instances`);
          await sleep(1000);
        }

        // Ids not in the fleet: refused before anything is recorded or sent.
        const before = (await emulatorCalls(emu.url)).byAction.ManageAICLogin?.received ?? 0;
        const unknown = await callAction(url, cookie, actionId("startLoginOperation", "lib/actions/operations.ts"), [
          { action: "close", selection: { ids: ["aic-not-in-this-fleet-1", "aic-not-in-this-fleet-2"] } },
        ]);
        expect(unknown.code).toBe("Console.UnknownInstances");
        expect(unknown.body).toContain("aic-not-in-this-fleet-1");
        expect((await emulatorCalls(emu.url)).byAction.ManageAICLogin?.received ?? 0).toBe(before);

        const probe = healthProbe(url);
        try {
          const start = await callAction(url, cookie, actionId("startLoginOperation", "lib/actions/operations.ts"), [
            { action: "close", selection: { filter: "", expected: INSTANCES } },
          ]);
          expect(start.ok, start.body.slice(0, 500)).toBe(true);
          const operationId = /"operationId":"([0-9a-f-]{36})"/.exec(start.body)![1];
          // Long enough for items to run and for several sweeps over the waiting chunks.
          await sleep(8000);
          const t = performance.now();
          const cancel = await callAction(url, cookie, actionId("cancelOperation", "lib/actions/operations.ts"), [{ operationId }]);
          const cancelMs = performance.now() - t;
          expect(cancel.ok, cancel.body.slice(0, 500)).toBe(true);
          expect(cancelMs).toBeLessThan(2000);

          let op = await readOp(url, cookie, operationId);
          const endBy = Date.now() + 120_000;
          while (op.state !== "cancelled" && Date.now() < endBy) {
            await sleep(500);
            op = await readOp(url, cookie, operationId);
          }
          await sleep(3000); // sweeps after the end
          expect(op.state).toBe("cancelled");
          expect(op.counts.unknown).toBe(0);
          expect(op.counts.ok + op.counts.failed + op.counts.cancelled).toBe(INSTANCES);
          expect(op.counts.cancelled).toBeGreaterThan(INSTANCES / 2);
          // No close reached ENS after the cancel's marking: only the items that ran.
          const after = (await emulatorCalls(emu.url)).byAction.ManageAICLogin?.received ?? 0;
          expect(after - before).toBeLessThanOrEqual(op.counts.ok + op.counts.failed);
        } finally {
          await probe.stop();
        }
        expect(probe.slowest()).toBeLessThan(1000);
      });
    });
  }
});
