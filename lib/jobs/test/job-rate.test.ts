// A job's own rate control (issue 31: schedules' runs and the bulk dialog's stop rule), on both
// backends through the real engine and the emulator: at most K items at once, R per second, and a
// stop when failures exceed the rule, the rest cancelled with the reason and the stop audited.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "@/lib/db/client";
import { clientFor, resetEmulator, setFaults, startEmulator, type Emulator } from "@/lib/ens/test/emulator-helpers";
import { startEngine, type Engine } from "../engine";
import { failuresExceed } from "../job-rate";
import { startJob } from "../start-job";
import { jobDetail } from "../view";
import { BACKENDS, freshDb } from "@/test/support/db";

let emu: Emulator;
let handle: Awaited<ReturnType<typeof freshDb>>;
let engine: Engine | undefined;
let ids: string[];
const ENV = { CONSOLE_JOB_WORKERS: "2", CONSOLE_JOB_ITEM_CONCURRENCY: "8", ENS_JOB_RATE_PER_SECOND: "1000", AUTH_SECRET: "x" };

const submit = (instanceIds: string[], rate: Record<string, number | null>) =>
  startJob(
    handle.db,
    {
      kind: "instance.reset",
      selection: { ids: instanceIds },
      params: { keyName: null, keyGroup: null, rate },
      actor: { id: "u1", email: "operator@test", role: "operator" },
      sourceIp: "127.0.0.1",
      userAgent: "vitest",
      submitEventOperationId: randomUUID(),
    },
    { fleet: async () => ({ get: (id: string) => (ids.includes(id) ? id : undefined) }) },
  );

async function settled(id: string, onTick?: () => Promise<void>, timeoutMs = 40_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await onTick?.();
    const op = await jobDetail(handle.db, id);
    if (op && (op.state === "finished" || op.state === "cancelled")) return op;
    if (Date.now() > until) throw new Error(`operation ${id} did not finish: ${op?.statusText}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0, servers: 4, aicsPerServer: 8, qps: 0, transitionMs: 100 });
  ids = (await clientFor(emu).listAllAicInstances()).map((r) => r.InstanceId);
});
afterAll(async () => emu?.close());

it("the stop rule: a count or a percentage, exceeded", () => {
  expect(failuresExceed({ stopFailuresCount: 3 }, 3, 10)).toBe(false);
  expect(failuresExceed({ stopFailuresCount: 3 }, 4, 10)).toBe(true);
  expect(failuresExceed({ stopFailuresPercent: 10 }, 1, 10)).toBe(false);
  expect(failuresExceed({ stopFailuresPercent: 10 }, 2, 10)).toBe(true);
  expect(failuresExceed({}, 9, 10)).toBe(false);
});

describe.each(BACKENDS)("a job's rate control on %s", (backend) => {
  beforeEach(async () => {
    await resetEmulator(emu);
    handle = await freshDb(backend);
    engine = await startEngine(handle, ENV, clientFor(emu, { maxAttempts: 1 }));
  });
  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
    await handle?.drop();
  });

  it("at most K items at once across the job's chunks", async () => {
    await setFaults(emu, { latencyMs: 150, actions: ["ResetAICInstance"] });
    const job = await submit(ids.slice(0, 12), { maxConcurrent: 2 });
    let most = 0;
    const op = await settled(job.operationId, async () => {
      const [r] = await queryRows<{ n: number }>(
        handle.db,
        sql`SELECT count(*)::int AS n FROM operation_items WHERE operation_id = ${job.operationId} AND state = 'running'`,
      );
      most = Math.max(most, Number(r.n));
    });
    expect(op.counts.ok).toBe(12);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(2);
  });

  it("R per second: 6 items at 4 per second take at least a second", async () => {
    const t0 = Date.now();
    const job = await submit(ids.slice(0, 6), { maxPerSecond: 4 });
    const op = await settled(job.operationId);
    expect(op.counts.ok).toBe(6);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
  });

  it("stops when failures exceed a count: the rest cancelled with the reason, the stop audited", async () => {
    await setFaults(emu, { errorRate: 1, errors: ["NoPermission"], actions: ["ResetAICInstance"] });
    const job = await submit(ids.slice(0, 20), { maxConcurrent: 1, stopFailuresCount: 3 });
    const op = await settled(job.operationId);
    expect(op.counts.failed).toBe(4);
    expect(op.counts.cancelled).toBe(16);
    const items = await queryRows<{ error_code: string; error_message: string }>(
      handle.db,
      sql`SELECT error_code, error_message FROM operation_items WHERE operation_id = ${job.operationId} AND state = 'cancelled'`,
    );
    expect(new Set(items.map((i) => i.error_code))).toEqual(new Set(["Console.StoppedOnFailures"]));
    expect(items[0].error_message).toMatch(/Stopped: 4 of 20 items failed \(more than 3 failed\)/);
    const stops = await queryRows<{ actor_email: string }>(
      handle.db,
      sql`SELECT actor_email FROM audit_events WHERE action = 'operation.cancel' AND target_id = ${job.operationId}`,
    );
    expect(stops.map((s) => s.actor_email)).toEqual(["system:engine"]);
  });
});
