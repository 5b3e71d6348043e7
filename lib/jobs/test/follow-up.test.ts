// Retry failed and Revert from an operation's page (issue 31), on both backends through the real
// engine and the emulator: a retry runs the failed items only, linked to the first job; a revert
// of an open closes what is still as it left it; a revert of a close reopens with the same key.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "@/lib/db/client";
import { clientFor, resetEmulator, setFaults, startEmulator, type Emulator } from "@/lib/ens/test/emulator-helpers";
import { startEngine, type Engine } from "../engine";
import { retryFailed, revertJob, type FollowUpBy } from "../follow-up";
import { startJob } from "../start-job";
import { jobDetail } from "../view";
import { BACKENDS, freshDb } from "@/test/support/db";

let emu: Emulator;
let handle: Awaited<ReturnType<typeof freshDb>>;
let engine: Engine | undefined;
let ids: string[];
const ENV = { CONSOLE_JOB_WORKERS: "2", CONSOLE_JOB_ITEM_CONCURRENCY: "4", ENS_JOB_RATE_PER_SECOND: "1000", AUTH_SECRET: "x" };
const actor = { id: "00000000-0000-4000-8000-000000000001", email: "operator@test", role: "operator" };
const opens: string[] = [];
const by: FollowUpBy = { actor, sourceIp: null, userAgent: null, beforeOpen: async (k) => void opens.push(k.keyName ?? "") };
const KEY = "support-adb-key";

const submit = (kind: "login.open" | "login.close", instanceIds: string[]) =>
  startJob(
    handle.db,
    {
      kind,
      selection: { ids: instanceIds },
      params: { keyName: KEY, keyGroup: null, ...(kind === "login.open" ? { durationMinutes: 60, reason: "TICKET-9" } : {}) },
      actor,
      sourceIp: null,
      userAgent: "vitest",
      submitEventOperationId: randomUUID(),
    },
    { fleet: async () => ({ get: (id: string) => (ids.includes(id) ? id : undefined) }) },
  );

async function settled(id: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const op = await jobDetail(handle.db, id);
    if (op && (op.state === "finished" || op.state === "cancelled")) return op;
    if (Date.now() > until) throw new Error(`operation ${id} did not finish: ${op?.statusText}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const delivered = async (instanceId: string) =>
  (await clientFor(emu).listAllPublicKeyDeliveries({ InstanceId: instanceId })).map((d) => d.KeyName);

beforeAll(async () => {
  emu = await startEmulator({ port: 0, servers: 2, aicsPerServer: 6, qps: 0, transitionMs: 100 });
  ids = (await clientFor(emu).listAllAicInstances()).map((r) => r.InstanceId);
});
afterAll(async () => emu?.close());

describe.each(BACKENDS)("follow-ups of an operation on %s", (backend) => {
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

  it("Retry failed runs the failed items only, as a new operation linked to the first", async () => {
    const target = ids.slice(0, 6);
    await setFaults(emu, { errorRate: 1, errors: ["NoPermission"], actions: ["ManageAICLogin"], instanceIds: target.slice(0, 2) });
    const first = await submit("login.open", target);
    expect((await settled(first.operationId)).counts).toMatchObject({ ok: 4, failed: 2 });
    await setFaults(emu, {});
    const retry = await retryFailed(handle.db, first.operationId, by);
    expect(retry.total).toBe(2);
    const second = await settled(retry.operationId);
    expect(second.counts.ok).toBe(2);
    const [row] = await queryRows<{ params: { retryOf: string; reason: string } }>(
      handle.db,
      sql`SELECT params FROM operations WHERE id = ${retry.operationId}::uuid`,
    );
    expect(row.params).toMatchObject({ retryOf: first.operationId, reason: "TICKET-9" });
    for (const id of target) expect(await delivered(id)).toContain(KEY);
    expect(opens).toContain(KEY);
    await expect(retryFailed(handle.db, retry.operationId, by)).rejects.toMatchObject({ code: "Console.InvalidInput" });
  });

  it("Revert of an open closes what is still as it left it; a login opened again since is left alone", async () => {
    const target = ids.slice(0, 3);
    const first = await submit("login.open", target);
    expect((await settled(first.operationId)).counts.ok).toBe(3);
    // One of them is opened again by someone else: its lease is no longer the first job's.
    const again = await submit("login.open", [target[2]]);
    await settled(again.operationId);
    const revert = await revertJob(handle.db, { operationId: first.operationId }, by);
    expect(revert.total).toBe(2);
    await settled(revert.operationId);
    expect(await delivered(target[0])).not.toContain(KEY);
    expect(await delivered(target[1])).not.toContain(KEY);
    expect(await delivered(target[2])).toContain(KEY);
  });

  it("Revert of a close reopens with the same key, for a duration and a reason it must be given", async () => {
    const target = ids.slice(3, 5);
    await settled((await submit("login.open", target)).operationId);
    const close = await submit("login.close", target);
    await settled(close.operationId);
    await expect(revertJob(handle.db, { operationId: close.operationId }, by)).rejects.toMatchObject({ code: "Console.InvalidInput" });
    const revert = await revertJob(handle.db, { operationId: close.operationId, durationMinutes: 30, reason: "TICKET-10" }, by);
    expect(revert.total).toBe(2);
    await settled(revert.operationId);
    for (const id of target) expect(await delivered(id)).toContain(KEY);
  });
});
