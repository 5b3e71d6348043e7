import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { beginOperation } from "@/lib/audit/append";
import { verifyChain } from "@/lib/audit/verify";
import { queryRows } from "@/lib/db/client";
import { clientFor, received, resetEmulator, setFaults, startEmulator, type Emulator } from "@/lib/ens/test/emulator-helpers";
import { cancelJob } from "../cancel-job";
import { startEngine, type Engine } from "../engine";
import { startJob, type NewJob } from "../start-job";
import { jobDetail } from "../view";
import { BACKENDS, freshDb } from "@/test/support/db";

let emu: Emulator;
let handle: Awaited<ReturnType<typeof freshDb>>;
let engine: Engine | undefined;
let ids: string[];
const actor = { id: "u1", email: "operator@test", role: "operator" };
const ENV = { CONSOLE_JOB_WORKERS: "2", CONSOLE_JOB_ITEM_CONCURRENCY: "4", ENS_JOB_RATE_PER_SECOND: "1000", AUTH_SECRET: "x" };

const submit = (
  kind: NewJob["kind"],
  instanceIds: string[],
  params = { keyName: null as string | null, keyGroup: null as string | null },
) =>
  startJob(
    handle.db,
    {
      kind,
      selection: { ids: instanceIds },
      params,
      actor,
      sourceIp: "127.0.0.1",
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
    await new Promise((r) => setTimeout(r, 100));
  }
}

const applied = async (action: string) =>
  ((await (await fetch(`${emu.url}/__emulator/calls`)).json()) as { appliedByInstance: Record<string, Record<string, number>> })
    .appliedByInstance[action] ?? {};

const auditOf = (bulkId: string) =>
  queryRows<{
    operation_id: string;
    phase: string;
    outcome: string | null;
    target_id: string;
    error_code: string | null;
    ens_request_id: string | null;
  }>(
    handle.db,
    sql`SELECT operation_id, phase, outcome, target_id, error_code, ens_request_id FROM audit_events WHERE bulk_id = ${bulkId} ORDER BY id`,
  );

beforeAll(async () => {
  emu = await startEmulator({ port: 0, servers: 8, aicsPerServer: 8, qps: 0, transitionMs: 200 });
  ids = (await clientFor(emu).listAllAicInstances()).map((r) => r.InstanceId);
});
afterAll(async () => {
  await emu?.close();
});
const start = async () => (engine = await startEngine(handle, ENV, clientFor(emu, { maxAttempts: 1 })));

describe.each(BACKENDS)("operations engine on %s", (backend) => {
  beforeEach(async () => {
    await resetEmulator(emu);
    handle = await freshDb(backend);
  });
  afterEach(async () => {
    await engine?.stop(2000);
    engine = undefined;
    await handle.drop();
  });

  it("runs a bulk close to the end: 5 injected failures are failed with their code, every item audited once, linked by the bulk id", async () => {
    await start();
    const targets = ids.slice(0, 30);
    await setFaults(emu, { errorRate: 1, errors: ["NoPermission"], actions: ["ManageAICLogin"], instanceIds: targets.slice(0, 5) });
    const { operationId, total } = await submit("login.close", targets);
    expect(total).toBe(30);
    const op = await settled(operationId);
    expect(op.statusText).toBe("25 ok, 5 failed");
    expect(op.items.filter((i) => i.state === "failed").map((i) => [i.instanceId, i.code])).toEqual(
      targets.slice(0, 5).map((id) => [id, "NoPermission"]),
    );
    const events = await auditOf(operationId);
    expect(events.filter((e) => e.phase === "requested")).toHaveLength(30);
    expect(events.filter((e) => e.phase === "completed")).toHaveLength(30);
    expect(new Set(events.map((e) => e.operation_id)).size).toBe(30);
    expect(events.filter((e) => e.phase === "completed" && e.outcome === "success").every((e) => e.ens_request_id)).toBe(true);
    expect((await verifyChain(handle.db)).intact).toBe(true);
  });

  it("reboots in calls of up to 20 InstanceIds, each instance its own audited operation with the call's RequestId", async () => {
    await start();
    const { operationId } = await submit("instance.reboot", ids.slice(0, 25));
    const op = await settled(operationId);
    expect(op.statusText).toBe("25 ok, 0 failed");
    expect(await received(emu, "RebootAICInstance")).toBe(2);
    const done = (await auditOf(operationId)).filter((e) => e.phase === "completed");
    expect(done).toHaveLength(25);
    expect(new Set(done.map((e) => e.ens_request_id)).size).toBe(2);
  });

  it("cancel stops the items not started; those in flight complete and are recorded", async () => {
    await start();
    await setFaults(emu, { latencyMs: 150, actions: ["ManageAICLogin"] });
    const { operationId } = await submit("login.close", ids.slice(0, 60));
    await new Promise((r) => setTimeout(r, 400));
    const { cancelled } = await cancelJob(handle.db, operationId);
    expect(cancelled).toBeGreaterThan(0);
    const op = await settled(operationId);
    expect(op.state).toBe("cancelled");
    expect(op.counts.ok + op.counts.cancelled).toBe(60);
    expect(op.statusText).toBe(`${op.counts.ok} ok, 0 failed, ${cancelled} cancelled`);
    expect(await received(emu, "ManageAICLogin")).toBe(op.counts.ok);
    const events = await auditOf(operationId);
    expect(events.filter((e) => e.phase === "completed")).toHaveLength(op.counts.ok);
  });

  it("refuses ids that are not in the fleet: nothing recorded, no ENS call, the ids named", async () => {
    await start();
    const err = await submit("login.close", [ids[0], "aic-not-in-fleet-1", "aic-not-in-fleet-2"]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "Console.UnknownInstances" });
    expect(String((err as Error).message)).toContain("aic-not-in-fleet-1, aic-not-in-fleet-2");
    const [{ n }] = await queryRows<{ n: string | number }>(handle.db, sql`SELECT count(*) AS n FROM operations`);
    expect(Number(n)).toBe(0);
    expect(await received(emu, "ManageAICLogin")).toBe(0);
  });

  it("an operation the console started itself (an expiry's close) cannot be cancelled by a person", async () => {
    await start();
    await setFaults(emu, { latencyMs: 150, actions: ["ManageAICLogin"] });
    const { operationId } = await startJob(
      handle.db,
      {
        kind: "login.close",
        selection: { ids: ids.slice(0, 30) },
        params: { keyName: null, keyGroup: null },
        actor: { id: null, email: "system:expiry", role: "system" },
        sourceIp: null,
        userAgent: null,
        submitEventOperationId: randomUUID(),
      },
      { fleet: async () => ({ get: (id: string) => id }) },
    );
    expect((await jobDetail(handle.db, operationId))?.cancellable).toBe(false);
    await expect(cancelJob(handle.db, operationId)).rejects.toMatchObject({ code: "Console.SystemOperation" });
    const op = await settled(operationId);
    expect(op.statusText).toBe("30 ok, 0 failed");
  });

  it("refuses a reboot while a login change to the instance is in flight, and the reverse", async () => {
    await start();
    const busy = ids[0];
    await beginOperation(handle.db, {
      operationId: randomUUID(),
      action: "login.open",
      target: { type: "instance", id: busy },
      phase: "requested",
    });
    const { operationId } = await submit("instance.reboot", [busy, ids[1]]);
    const op = await settled(operationId);
    expect(op.statusText).toBe("1 ok, 1 failed");
    expect(op.items[0]).toMatchObject({ instanceId: busy, state: "failed", code: "Console.InProgress" });
    expect((await applied("RebootAICInstance"))[busy]).toBeUndefined();
  });

  it("takes over what a stopped process left: a reboot that may have gone out is unknown and never sent again, a login change is read back, the rest runs", async () => {
    // A process that died mid-run: its items are `running` (call out) or `pending`, owned by it.
    const dead = randomUUID();
    await handle.db.execute(
      sql`INSERT INTO console_processes (id, host, pid, heartbeat_at) VALUES (${dead}, 'gone', 1, now() - interval '1 hour')`,
    );
    const engineless = async (kind: NewJob["kind"], targets: string[]) => {
      const opId = randomUUID();
      await handle.db.execute(sql`INSERT INTO operations (id, kind, actor_email, params, selection, total, enqueued_at, started_at)
        VALUES (${opId}, ${kind}, ${actor.email}, '{"keyName":null,"keyGroup":null}'::jsonb, 'test', ${targets.length}, now(), now())`);
      for (const [seq, id] of targets.entries())
        await handle.db.execute(
          sql`INSERT INTO operation_items (operation_id, seq, chunk, instance_id, owner) VALUES (${opId}, ${seq}, 0, ${id}, ${dead})`,
        );
      return opId;
    };
    const callOut = async (opId: string, seq: number, kind: string, instanceId: string) => {
      const auditId = randomUUID();
      await handle.db.execute(
        sql`UPDATE operation_items SET state = 'running', audit_operation_id = ${auditId} WHERE operation_id = ${opId} AND seq = ${seq}`,
      );
      await beginOperation(handle.db, {
        operationId: auditId,
        action: kind,
        target: { type: "instance", id: instanceId },
        phase: "requested",
        bulkId: opId,
      });
    };
    const reboot = await engineless("instance.reboot", ids.slice(2, 5));
    await callOut(reboot, 0, "instance.reboot", ids[2]);
    // The first instance has support-adb-key open; a close that may have gone out is read back: still open, so not applied.
    const close = await engineless("login.close", [ids[0], ids[1]]);
    await callOut(close, 0, "login.close", ids[0]);

    await start();
    const r = await settled(reboot);
    expect(r.items.map((i) => i.state)).toEqual(["unknown", "ok", "ok"]);
    expect(r.items[0].code).toBe("Console.OutcomeUnknown");
    const rebooted = await applied("RebootAICInstance");
    expect(rebooted[ids[2]]).toBeUndefined();
    expect([rebooted[ids[3]], rebooted[ids[4]]]).toEqual([1, 1]);
    const c = await settled(close);
    expect(c.items.map((i) => [i.state, i.code])).toEqual([
      ["failed", "Console.NotApplied"],
      ["ok", null],
    ]);
    for (const opId of [reboot, close]) {
      const events = await auditOf(opId);
      const perAudit = new Map<string, number>();
      for (const e of events.filter((x) => x.phase === "completed")) perAudit.set(e.operation_id, (perAudit.get(e.operation_id) ?? 0) + 1);
      expect([...perAudit.values()].every((n) => n === 1)).toBe(true);
    }
    expect((await verifyChain(handle.db)).intact).toBe(true);
  });
});
