import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createActionFactory } from "@/lib/actions/safe-action";
import { verifyChain } from "@/lib/audit/verify";
import type { ActiveUser } from "@/lib/auth/session";
import { queryRows } from "@/lib/db/client";
import { clientFor, received, resetEmulator, setFaults, startEmulator, type Emulator } from "@/lib/ens/test/emulator-helpers";
import { startEngine, type Engine } from "@/lib/jobs/engine";
import { jobDetail } from "@/lib/jobs/view";
import { BACKENDS, freshDb } from "@/test/support/db";
import { adoptLoginSpec, extendLoginSpec, setLoginSpec } from "../actions";

let emu: Emulator;
let handle: Awaited<ReturnType<typeof freshDb>>;
let engine: Engine | undefined;
let ids: string[];
const user: ActiveUser = { id: "u1", email: "operator@test", role: "operator", name: null };
// The passes are driven by hand here (engine.passes.*Now); their timers stay out of the way.
const ENV = {
  CONSOLE_JOB_WORKERS: "2",
  ENS_JOB_RATE_PER_SECOND: "1000",
  AUTH_SECRET: "x",
  CONSOLE_EXPIRY_CHECK_MS: "600000",
  CONSOLE_RESOLVE_CHECK_MS: "600000",
  CONSOLE_DRIFT_CHECK_MS: "600000",
  CONSOLE_EXPIRY_MAX_ATTEMPTS: "2",
  CONSOLE_EXPIRY_RETRY_BASE_MS: "100",
};

const client = () => clientFor(emu, { maxAttempts: 1 });
const factory = () =>
  createActionFactory({
    resolveUser: async () => user,
    requestInfo: async () => ({ ip: "127.0.0.1", userAgent: "vitest" }),
    db: async () => handle.db,
    ens: client,
  });
const setLogin = (input: unknown) => factory()(setLoginSpec)(input);
const extendLogin = (input: unknown) => factory()(extendLoginSpec)(input);
const adoptLogin = (input: unknown) => factory()(adoptLoginSpec)(input);

const open = (instanceId: string, minutes = 60) =>
  setLogin({ instanceId, action: "open", keyName: "ops-debug-key", durationMinutes: minutes, reason: "INC-4711 debugging" });
const deliveries = async (instanceId: string) => (await client().listAllPublicKeyDeliveries({ InstanceId: instanceId })).length;
const lease = async (instanceId: string) =>
  (
    await queryRows<{ state: string; expires_at: string | null; reason: string; attempts: number; last_error: string | null }>(
      handle.db,
      sql`SELECT state, expires_at::text, reason, attempts, last_error FROM login_leases WHERE instance_id = ${instanceId}`,
    )
  )[0];
const expireNowInDb = (instanceId: string) =>
  handle.db.execute(sql`UPDATE login_leases SET expires_at = clock_timestamp() - interval '1 second' WHERE instance_id = ${instanceId}`);

async function settled(id: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const op = await jobDetail(handle.db, id);
    if (op?.state === "finished") return op;
    if (Date.now() > until) throw new Error(`operation ${id} did not finish: ${op?.statusText}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const eventsOn = (instanceId: string) =>
  queryRows<{ operation_id: string; action: string; phase: string; outcome: string | null; actor_email: string | null; params: unknown }>(
    handle.db,
    sql`SELECT operation_id, action, phase, outcome, actor_email, params FROM audit_events WHERE target_id = ${instanceId} ORDER BY id`,
  );

beforeAll(async () => {
  emu = await startEmulator({ port: 0, servers: 2, aicsPerServer: 4, qps: 0 });
  ids = (await client().listAllAicInstances()).map((r) => r.InstanceId);
});
afterAll(async () => {
  await emu?.close();
});

describe.each(BACKENDS)("expiring logins on %s", (backend) => {
  beforeEach(async () => {
    await resetEmulator(emu);
    handle = await freshDb(backend);
    engine = await startEngine(handle, ENV, client());
  });
  afterEach(async () => {
    await engine?.stop(2000);
    engine = undefined;
    await handle.drop();
  });

  it("an open keeps its reason and expiry, in its audit record and its lease; at expiry system:expiry closes it on the engine, linked to the open", async () => {
    const id = ids[3];
    const before = Date.now();
    const r = await open(id, 30);
    expect(r).toMatchObject({ ok: true, data: { login: { open: true, lease: { reason: "INC-4711 debugging", state: "active" } } } });
    const expiresAt = Date.parse((r as { data: { login: { lease: { expiresAt: string } } } }).data.login.lease.expiresAt);
    expect(expiresAt - before).toBeGreaterThanOrEqual(30 * 60_000 - 1000);
    expect(expiresAt - before).toBeLessThanOrEqual(30 * 60_000 + 5000);
    const [requested] = await eventsOn(id);
    expect(requested.params).toMatchObject({
      reason: "INC-4711 debugging",
      durationMinutes: 30,
      expiresAt: new Date(expiresAt).toISOString(),
    });

    await expireNowInDb(id);
    await engine!.passes.expireNow();
    const [op] = await queryRows<{ id: string; actor_email: string }>(handle.db, sql`SELECT id, actor_email FROM operations`);
    expect(op.actor_email).toBe("system:expiry");
    expect((await settled(op.id)).statusText).toBe("1 ok, 0 failed");
    expect(await deliveries(id)).toBe(0);
    expect(await lease(id)).toBeUndefined();
    const close = (await eventsOn(id)).filter((e) => e.action === "login.close");
    expect(close.map((e) => [e.phase, e.outcome, e.actor_email])).toEqual([
      ["requested", null, "system:expiry"],
      ["completed", "success", "system:expiry"],
    ]);
    expect(close[0].params).toMatchObject({
      expiry: { openOperationId: requested.operation_id, openedBy: "operator@test", reason: "INC-4711 debugging" },
    });
    // A second pass finds nothing left to close.
    await engine!.passes.expireNow();
    expect((await queryRows(handle.db, sql`SELECT id FROM operations`)).length).toBe(1);
    expect((await verifyChain(handle.db)).intact).toBe(true);
  });

  it("an expiry close that fails is retried with backoff, then shows as failed and still open until someone acts", async () => {
    const id = ids[4];
    await open(id);
    await expireNowInDb(id);
    await setFaults(emu, { errorRate: 1, errors: ["NoPermission"], actions: ["ManageAICLogin"], instanceIds: [id] });
    await engine!.passes.expireNow();
    const first = (await queryRows<{ id: string }>(handle.db, sql`SELECT id FROM operations ORDER BY created_at`))[0];
    await settled(first.id);
    await engine!.passes.expireNow(); // settles the failed try: back to active, retried after the backoff
    expect(await lease(id)).toMatchObject({ state: "active", attempts: 1 });
    expect((await lease(id)).last_error).toMatch(/^NoPermission/);
    await new Promise((r) => setTimeout(r, 150));
    await engine!.passes.expireNow();
    const ops = await queryRows<{ id: string }>(handle.db, sql`SELECT id FROM operations ORDER BY created_at`);
    expect(ops).toHaveLength(2);
    await settled(ops[1].id);
    await engine!.passes.expireNow();
    expect(await lease(id)).toMatchObject({ state: "failed", attempts: 2 });
    expect(await deliveries(id)).toBe(1);
    // Someone acts: extending makes it active again with a new expiry.
    expect(await extendLogin({ instanceId: id, byMinutes: 60 })).toMatchObject({ ok: true });
    expect(await lease(id)).toMatchObject({ state: "active", attempts: 0, last_error: null });
  });

  it("extend moves the expiry by minutes or to a time, never past 24 hours from now, and is audited", async () => {
    const id = ids[5];
    await open(id, 60);
    const was = Date.parse((await lease(id)).expires_at!);
    expect(await extendLogin({ instanceId: id, byMinutes: 15 })).toMatchObject({ ok: true });
    expect(Date.parse((await lease(id)).expires_at!) - was).toBe(15 * 60_000);
    const until = new Date(Date.now() + 3 * 3600_000).toISOString();
    expect(await extendLogin({ instanceId: id, until })).toMatchObject({ ok: true, data: { expiresAt: until } });
    const tooFar = new Date(Date.now() + 25 * 3600_000).toISOString();
    expect(await extendLogin({ instanceId: id, until: tooFar })).toMatchObject({ ok: false, error: { code: "Console.ExpiryOutOfRange" } });
    expect(await extendLogin({ instanceId: ids[6], byMinutes: 5 })).toMatchObject({ ok: false, error: { code: "Console.LoginNotHeld" } });
    const ext = (await eventsOn(id)).filter((e) => e.action === "login.extend");
    expect(ext.map((e) => e.outcome)).toEqual(["success", "success", "failure"]);
    expect(await received(emu, "ManageAICLogin")).toBe(1);
  });

  it("no expiry is refused unless the deployment allows it", async () => {
    const r = await setLogin({ instanceId: ids[2], action: "open", keyName: "ops-debug-key", noExpiry: true, reason: "INC-1 long job" });
    expect(r).toMatchObject({ ok: false, error: { code: "Console.NoExpiryNotAllowed" } });
    expect(await received(emu, "ManageAICLogin")).toBe(0);
  });

  it("an open whose answer is lost ends unknown; the resolution pass finds it applied, records it once, and the login gets its expiry", async () => {
    const id = ids[6];
    await setFaults(emu, { errorRate: 1, errors: ["ApplyThenReset"], actions: ["ManageAICLogin"] });
    const r = await open(id, 45);
    expect(r).toMatchObject({ ok: false });
    await setFaults(emu, {});
    const completed = (await eventsOn(id)).find((e) => e.phase === "completed")!;
    expect(completed.outcome).toBe("unknown");
    expect(await lease(id)).toBeUndefined();
    await engine!.passes.resolveNow();
    await engine!.passes.resolveNow();
    const resolved = (await eventsOn(id)).filter((e) => e.phase === "resolved");
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ operation_id: completed.operation_id, outcome: "success", actor_email: "system:resolver" });
    expect(resolved[0].params).toMatchObject({ found: "applied" });
    expect(await lease(id)).toMatchObject({ state: "active", reason: "INC-4711 debugging" });
    expect((await verifyChain(handle.db)).intact).toBe(true);
  });

  it("a login opened on ENS directly is flagged in one pass and recorded once; it can be adopted with a reason and an expiry", async () => {
    const id = ids[7];
    await client().manageAicLogin({ InstanceId: id, ActionName: "open", KeyName: "ops-debug-key" });
    await engine!.passes.driftNow();
    await engine!.passes.driftNow();
    const found = (await eventsOn(id)).filter((e) => e.action === "login.drift_found");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ actor_email: "system:drift", outcome: "success", params: { keys: ["ops-debug-key"] } });
    expect((await queryRows(handle.db, sql`SELECT instance_id FROM login_drift WHERE instance_id = ${id}`)).length).toBe(1);

    expect(await adoptLogin({ instanceId: id, durationMinutes: 20, reason: "INC-9 found open" })).toMatchObject({
      ok: true,
      data: { keys: ["ops-debug-key"] },
    });
    expect(await lease(id)).toMatchObject({ state: "active", reason: "INC-9 found open" });
    expect((await queryRows(handle.db, sql`SELECT instance_id FROM login_drift WHERE instance_id = ${id}`)).length).toBe(0);
    expect(await deliveries(ids[5])).toBe(0);
    expect(await adoptLogin({ instanceId: ids[5], durationMinutes: 20, reason: "INC-9" })).toMatchObject({
      ok: false,
      error: { code: "Console.LoginNotOpen" },
    });
  });

  it("a flagged login closed from the console is no longer flagged", async () => {
    const id = ids[7];
    await client().manageAicLogin({ InstanceId: id, ActionName: "open", KeyName: "ops-debug-key" });
    await engine!.passes.driftNow();
    expect((await queryRows(handle.db, sql`SELECT instance_id FROM login_drift`)).map((r) => r)).toContainEqual({ instance_id: id });
    expect(await setLogin({ instanceId: id, action: "close" })).toMatchObject({
      ok: true,
      data: { login: { open: false, outside: false } },
    });
    expect((await queryRows(handle.db, sql`SELECT instance_id FROM login_drift WHERE instance_id = ${id}`)).length).toBe(0);
  });
});
