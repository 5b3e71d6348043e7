// Graceful shutdown of the deployed artifact (`node server.js` from a copy of the standalone build):
// SIGTERM while a 200-item close runs on the engine and a single toggle is in flight. The process
// must refuse new requests and turn /api/ready false at once, finish the toggle, hand the unstarted
// items back, close the database and exit 0; the next process finishes the run. Nothing is lost:
// every item is one audited operation with one `requested` and one `completed`, no call was sent
// twice, and no audit operation is left `requested`.
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "@/emulator/server";
import { verifyChain } from "@/lib/audit/verify";
import { queryRows } from "@/lib/db/client";
import type { JobDetailView } from "@/lib/jobs/types";
import { postgresReachable } from "../support/db";
import {
  actionId,
  built,
  fleetInstanceIds,
  callAction,
  deployArtifact,
  DIST_DIR,
  login,
  readOp,
  setFaults,
  startConsoleProcess,
  throwawayDb,
  type ConsoleProcess,
  type ThrowawayDb,
} from "./console-process";

const PORT = Number(process.env.RELIABILITY_SHUTDOWN_PORT ?? 3347);
const EMU_PORT = Number(process.env.RELIABILITY_SHUTDOWN_EMULATOR_PORT ?? 18847);
const LATENCY_MS = 400;
const canRun = built() && (await postgresReachable());
const SERVERS = 30; // × 8 = 240 instances

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const exited = (p: ConsoleProcess) =>
  new Promise<number | null>((resolve) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve(p.child.exitCode);
    p.child.once("exit", (code) => resolve(code));
  });

describe.skipIf(!canRun)(`graceful shutdown of the standalone artifact (${DIST_DIR}, PostgreSQL)`, () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let db: ThrowawayDb;
  let artifact: string;
  const procs: ConsoleProcess[] = [];

  beforeAll(async () => {
    artifact = deployArtifact(fs.mkdtempSync(path.join(os.tmpdir(), "aic-console-shutdown-")));
    emu = await startEmulator({ port: EMU_PORT, servers: SERVERS, aicsPerServer: 8 });
    db = await throwawayDb("shutdown", [{ email: "shutdown-op@rel.test", role: "operator" }]);
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill9()));
    await db?.drop();
    await emu?.close();
    if (artifact) fs.rmSync(artifact, { recursive: true, force: true });
  });

  const start = () =>
    startConsoleProcess(
      PORT,
      db.consoleUrl,
      emu.endpoint,
      { DATABASE_MIGRATION_URL: db.url, CONSOLE_SHUTDOWN_GRACE_MS: "15000", ENS_JOB_RATE_PER_SECOND: "20" },
      { artifact },
    ).then((p) => (procs.push(p), p));

  /** Starts the artifact with only `env` (and PATH), and returns how it exited and what it printed. */
  const startFails = async (env: Record<string, string>) => {
    const child = spawn(process.execPath, [path.join(artifact, "server.js")], {
      cwd: artifact,
      env: { NODE_ENV: "production", PATH: process.env.PATH, HOSTNAME: "127.0.0.1", PORT: String(PORT), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    return { code: await new Promise<number | null>((resolve) => child.once("exit", resolve)), out };
  };

  it("refuses to start on a bad configuration: one line per variable, exit 1, nothing served", async () => {
    const { code, out } = await startFails({ ENS_MAX_ATTEMPTS: "abc", CONSOLE_DATA_DIR: path.join(artifact, "no-data") });
    expect(code, out).toBe(1);
    expect(out).toContain("ENS_MAX_ATTEMPTS: expected an integer from 1 to 10, got 'abc'");
    expect(out).toMatch(/AUTH_SECRET: /);
    expect(fs.existsSync(path.join(artifact, "no-data")), "the data folder was created").toBe(false);
  });

  it("refuses a relative data folder: the artifact's own folder is replaced by the next deploy", async () => {
    const { code, out } = await startFails({ AUTH_SECRET: "x".repeat(32), CONSOLE_DATA_DIR: ".data" });
    expect(code, out).toBe(1);
    expect(out).toContain("CONSOLE_DATA_DIR: must be an absolute path for the standalone server");
    expect(fs.existsSync(path.join(artifact, ".data")), "a data folder inside the artifact").toBe(false);
  });

  it("SIGTERM mid-run: in-flight toggle finishes, new requests get 503, exit 0, the next process finishes every item once", async () => {
    const ids = (await fleetInstanceIds(SERVERS * 8, SERVERS)).slice(0, 201);
    const [single, ...bulk] = ids;
    let proc = await start();
    let cookie = await login(proc.url, "shutdown-op@rel.test");
    expect((await fetch(`${proc.url}/api/ready`)).status).toBe(200);
    await setFaults(emu.url, { latencyMs: LATENCY_MS, actions: ["ManageAICLogin"] });

    const started = await callAction(proc.url, cookie, actionId("startLoginOperation", "lib/actions/operations.ts"), [
      { action: "close", selection: { ids: bulk } },
    ]);
    expect(started.ok, started.body).toBe(true);
    const opId = /"operationId":"([0-9a-f-]{36})"/.exec(started.body)![1];
    for (const until = Date.now() + 30_000; ; await sleep(50)) {
      if ((await readOp(proc.url, cookie, opId)).counts.ok >= 20) break;
      if (Date.now() > until) throw new Error(`the run did not start:\n${proc.log().slice(-3000)}`);
    }

    // A toggle whose ENS call is out (400 ms) when SIGTERM arrives.
    const toggle = callAction(proc.url, cookie, actionId("setLogin", "lib/actions/logins.ts"), [{ instanceId: single, action: "close" }]);
    await sleep(150);
    const exit = exited(proc);
    process.kill(proc.child.pid!, "SIGTERM");
    await sleep(100);

    const ready = await fetch(`${proc.url}/api/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ok: false, failing: ["shutdown"] });
    const refused = await fetch(`${proc.url}/instances`, { headers: { cookie } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    const late = await callAction(proc.url, cookie, actionId("setLogin", "lib/actions/logins.ts"), [
      { instanceId: bulk[0], action: "open" },
    ]);
    expect(late.status).toBe(503);

    const finished = await toggle;
    expect(finished.ok, finished.body).toBe(true);
    const code = await Promise.race([exit, sleep(40_000).then(() => "still running")]);
    expect(code, proc.log().slice(-3000)).toBe(0);
    expect(proc.log()).toContain('"msg":"stopped"');

    // What the stopped process left: no item running, no audit operation open, no owner kept.
    const [left] = await queryRows<{ running: string; pending: string; owned: string; open: string }>(
      db.handle.db,
      sql`SELECT count(*) FILTER (WHERE state = 'running') AS running, count(*) FILTER (WHERE state = 'pending') AS pending,
          count(*) FILTER (WHERE state = 'pending' AND owner IS NOT NULL) AS owned,
          (SELECT count(*) FROM audit_events r WHERE r.phase = 'requested'
            AND NOT EXISTS (SELECT 1 FROM audit_events c WHERE c.operation_id = r.operation_id AND c.phase = 'completed')) AS open
        FROM operation_items WHERE operation_id = ${opId}`,
    );
    expect({ running: Number(left.running), owned: Number(left.owned), open: Number(left.open) }).toEqual({
      running: 0,
      owned: 0,
      open: 0,
    });
    expect(Number(left.pending), "the run had ended before SIGTERM took effect").toBeGreaterThan(0);
    // Every chunk with items left has a job waiting in the queue (a handed-back chunk's job is retried, not ended).
    const stranded = await queryRows<{ chunk: number }>(
      db.handle.db,
      sql`SELECT DISTINCT i.chunk FROM operation_items i WHERE i.operation_id = ${opId} AND i.state = 'pending'
        AND NOT EXISTS (SELECT 1 FROM pgboss.job j WHERE j.name = 'aic-operation-chunk' AND j.state IN ('created', 'retry')
          AND j.data->>'operationId' = i.operation_id::text AND (j.data->>'chunk')::int = i.chunk)`,
    );
    expect(stranded, "chunks with pending items and no job to run them").toEqual([]);
    // The late toggle was refused before the wrapper: nothing about it reached ENS or the log.
    const lateRows = await queryRows(db.handle.db, sql`SELECT 1 FROM audit_events WHERE target_id = ${bulk[0]} AND action = 'login.open'`);
    expect(lateRows).toHaveLength(0);

    proc = await start();
    cookie = await login(proc.url, "shutdown-op@rel.test");
    let op: JobDetailView;
    for (const until = Date.now() + 90_000; ; await sleep(500)) {
      op = await readOp(proc.url, cookie, opId);
      if (op.state === "finished") break;
      if (Date.now() > until) throw new Error(`not finished after the restart: ${op.statusText}\n${proc.log().slice(-3000)}`);
    }
    expect(op.counts).toMatchObject({ ok: 200, failed: 0, unknown: 0, pending: 0, running: 0, cancelled: 0 });
    const pairs = await queryRows<{ requested: string; completed: string }>(
      db.handle.db,
      sql`SELECT count(*) FILTER (WHERE phase = 'requested') AS requested, count(*) FILTER (WHERE phase = 'completed') AS completed
        FROM audit_events WHERE bulk_id = ${opId} GROUP BY operation_id`,
    );
    expect(pairs).toHaveLength(200);
    expect(pairs.every((p) => Number(p.requested) === 1 && Number(p.completed) === 1)).toBe(true);
    const applied = (
      (await (await fetch(`${emu.url}/__emulator/calls`)).json()) as { appliedByInstance: Record<string, Record<string, number>> }
    ).appliedByInstance.ManageAICLogin;
    expect(
      Object.entries(applied).filter(([, n]) => n > 1),
      "ManageAICLogin applied twice",
    ).toEqual([]);
    expect(Object.keys(applied).sort()).toEqual([...ids].sort());
    expect((await verifyChain(db.handle.db)).intact).toBe(true);

    // The restarted process stops cleanly too, with nothing running.
    const again = exited(proc);
    process.kill(proc.child.pid!, "SIGTERM");
    expect(await again).toBe(0);
  }, 180_000);
});
