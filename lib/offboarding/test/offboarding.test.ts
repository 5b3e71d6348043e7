// Offboarding (issue 30), end to end through the server actions with a mocked session, on both
// backends: a disable closes every login open with the user's personal keys, deletes the keys
// and cancels their pending requests on the engine (system:offboarding); a second run changes
// nothing; an admin's `Revoke all access`; a non-admin refused; a disable from the users CLI's
// code path is recorded without the engine and run by it. ENS is the emulator.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ActiveUser } from "@/lib/auth/session";

const session = vi.hoisted(() => {
  process.env.CONSOLE_DATA_DIR = "memory://";
  return { user: null as ActiveUser | null };
});
vi.mock("@/lib/auth/session", () => ({ getActiveUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "offboarding-test", "x-forwarded-for": "127.0.0.13" }),
}));

const { closeDb, getDbHandle, queryRows } = await import("@/lib/db/client");
const { ens } = await import("@/lib/ens");
const { clientFor, received: receivedOnce, resetEmulator, startEmulator } = await import("@/lib/ens/test/emulator-helpers");
const { startEngine } = await import("@/lib/jobs/engine");
const { jobDetail, jobList } = await import("@/lib/jobs/view");
const { enqueueRecorded } = await import("@/lib/jobs/start-job");
const { enqueueChunks } = await import("@/lib/jobs/enqueue");
const { verifyChain } = await import("@/lib/audit/verify");
const { withAudit } = await import("@/lib/audit/append");
const { BACKENDS, createPgDatabase } = await import("@/test/support/db");
const usersActions = await import("@/lib/actions/users");
const requestActions = await import("@/lib/actions/requests");
const { uploadPersonalKey } = await import("@/lib/personal-keys/upload-personal-key");
const { setUserDisabled } = await import("@/lib/users/set-user-disabled");
const { cliActor, userChangeEvent } = await import("@/lib/users/audit-user-change");
const { offboardingPass, OFFBOARDING_PASS, runOffboardingPass } = await import("../pass");

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
type Handle = Awaited<ReturnType<typeof getDbHandle>>;
type Engine = Awaited<ReturnType<typeof startEngine>>;
type Result = { ok: true; data: any } | { ok: false; error: { code: string; message: string } };

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOffboardingTestKeyMaterial000000000000000 me@laptop";
const deps = { enqueueRecorded, enqueueChunks };

let emu: Emulator;
let ids: string[];
let handle: Handle;
let engine: Engine | undefined;

const received = (action: string) => receivedOnce(emu, action).catch(() => receivedOnce(emu, action));
const client = () => clientFor(emu, { maxAttempts: 1 });

const people = ["leaver", "mover", "cli", "admin", "operator"] as const;
const users: Record<(typeof people)[number], ActiveUser> = {} as never;
const as = (who: keyof typeof users) => void (session.user = users[who]);

interface AuditRow {
  operation_id: string;
  action: string;
  phase: string;
  outcome: string | null;
  error_code: string | null;
  actor_email: string | null;
  target_id: string | null;
  bulk_id: string | null;
  params: Record<string, any> | null;
}
const audit = (where = sql`true`) =>
  queryRows<AuditRow>(
    handle.db,
    sql`SELECT operation_id, action, phase, outcome, error_code, actor_email, target_id, bulk_id, params FROM audit_events WHERE ${where} ORDER BY id`,
  );

/** Uploads a personal key for `who` and opens a login with it on each instance, on ENS. */
async function keyWithLogins(who: keyof typeof users, name: string, instances: string[]): Promise<string> {
  const k = await uploadPersonalKey(handle.db, client(), { name, content: KEY }, { id: users[who].id, email: users[who].email });
  for (const id of instances) await client().manageAicLogin({ InstanceId: id, ActionName: "open", KeyName: k.keyName });
  return k.keyName;
}
const deliveredTo = async (keyName: string) =>
  (await client().listAllPublicKeyDeliveries({ KeyName: keyName }))
    .filter((d) => d.KeyName === keyName)
    .map((d) => d.InstanceId)
    .sort();
const onEns = async (keyName: string) =>
  ((await client().listAicPublicKeys({ KeyName: keyName })).PublicKeys ?? []).some((k) => k.KeyName === keyName);
const keyRow = async (keyName: string) =>
  (
    await queryRows<{ deleted: boolean }>(
      handle.db,
      sql`SELECT deleted_at IS NOT NULL AS deleted FROM personal_keys WHERE key_name = ${keyName}`,
    )
  )[0];

async function pendingRequest(who: keyof typeof users, instanceId: string): Promise<string> {
  as(who);
  const r = (await requestActions.createAccessRequest({
    kind: "login",
    selection: { ids: [instanceId] },
    keyName: "support-adb-key",
    durationMinutes: 60,
    reason: "TICKET-9 offboarding test",
  })) as Result;
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true, data: { state: "pending" } });
  return (r as { data: { requestId: string } }).data.requestId;
}
const requestState = async (id: string) =>
  (await queryRows<{ state: string }>(handle.db, sql`SELECT state FROM access_requests WHERE id = ${id}::uuid`))[0].state;

/** Waits for the job to finish, running the offboarding pass (which queues the key deletions) meanwhile. */
async function finished(jobId: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const op = await jobDetail(handle.db, jobId);
    if (op?.state === "finished") return op;
    if (Date.now() > until) throw new Error(`operation ${jobId} did not finish: ${op?.statusText ?? "not recorded"}`);
    await engine!.passes.extraNow(OFFBOARDING_PASS);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0, servers: 2, aicsPerServer: 12, qps: 0 });
  Object.assign(process.env, {
    ENS_ENDPOINT: emu.endpoint,
    ENS_PROTOCOL: "HTTP",
    ENS_MAX_ATTEMPTS: "1",
    ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI5tEmulatorDemoKey01",
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: "emulator-demo-secret-0123456789abcdef",
    AUTH_SECRET: "offboarding-test-secret",
    CONSOLE_JOB_WORKERS: "2",
    ENS_JOB_RATE_PER_SECOND: "1000",
    CONSOLE_EXPIRY_CHECK_MS: "600000",
    CONSOLE_RESOLVE_CHECK_MS: "600000",
    CONSOLE_DRIFT_CHECK_MS: "600000",
    CONSOLE_REQUESTS_CHECK_MS: "600000",
  });
  ids = (await client().listAllAicInstances()).map((r) => r.InstanceId).filter((_, i) => i >= 2 && i !== 12);
});
afterAll(async () => {
  await emu?.close();
});

describe.each(BACKENDS)("offboarding on %s", (backend) => {
  let pg: Awaited<ReturnType<typeof createPgDatabase>> | null = null;

  beforeAll(async () => {
    await closeDb();
    if (backend === "postgres") {
      pg = await createPgDatabase("aic_offboarding");
      process.env.DATABASE_URL = pg.url;
    } else delete process.env.DATABASE_URL;
    handle = await getDbHandle();
    await resetEmulator(emu);
    engine = await startEngine(handle, process.env, ens(), [offboardingPass(deps)]);
    const roles = { leaver: "requester", mover: "operator", cli: "requester", admin: "admin", operator: "operator" } as const;
    for (const name of people) {
      const email = `${name}@offboarding.test`;
      const [row] = await queryRows<{ id: string }>(
        handle.db,
        sql`INSERT INTO users (email, role) VALUES (${email}, ${roles[name]}) RETURNING id`,
      );
      users[name] = { id: row.id, email, role: roles[name], name: null };
    }
  });
  afterAll(async () => {
    await engine?.stop(2000);
    engine = undefined;
    expect((await verifyChain(handle.db)).intact).toBe(true);
    await closeDb();
    delete process.env.DATABASE_URL;
    await pg?.drop();
  });
  beforeEach(() => {
    session.user = null;
  });

  it("a disable closes every login open with the user's keys, deletes the keys and cancels their requests, as system:offboarding", async () => {
    const laptop = await keyWithLogins("leaver", "laptop", ids.slice(0, 5));
    // A second key on one of the same instances (both closed by that instance's one item), and on one more.
    const desktop = await keyWithLogins("leaver", "desktop", [ids[0], ids[5]]);
    // Someone else's login on an instance of the leaver's stays open.
    await client().manageAicLogin({ InstanceId: ids[1], ActionName: "open", KeyName: "support-adb-key" });
    const requestId = await pendingRequest("leaver", ids[6]);
    const closesBefore = await received("ManageAICLogin");

    as("admin");
    const r = (await usersActions.setUserDisabled({ email: users.leaver.email, disabled: true })) as Result;
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, data: { disabled: true } });
    const jobId = (r as { data: { offboardingOperationId: string } }).data.offboardingOperationId;
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    // Cancelled with the disable, in its transaction.
    expect(await requestState(requestId)).toBe("cancelled");

    const op = await finished(jobId);
    expect(op).toMatchObject({ kind: "user.offboard", kindLabel: "Offboarding", actorEmail: "system:offboarding", total: 6 + 2 });
    expect(op.statusText).toBe("8 ok, 0 failed");
    expect(op.cancellable).toBe(false);
    expect(await deliveredTo(laptop)).toEqual([]);
    expect(await deliveredTo(desktop)).toEqual([]);
    expect(await deliveredTo("support-adb-key")).toContain(ids[1]);
    expect(await onEns(laptop)).toBe(false);
    expect(await onEns(desktop)).toBe(false);
    expect(await keyRow(laptop)).toEqual({ deleted: true });
    expect(await keyRow(desktop)).toEqual({ deleted: true });
    // 6 instances, one of them with both keys: 7 closes; each key deleted once.
    expect((await received("ManageAICLogin")) - closesBefore).toBe(7);
    expect(await received("DeleteAICPublicKey")).toBe(2);

    // History: the disable → its offboarding start (naming it) → the closes and deletes (bulk_id = the job).
    const disable = (await audit(sql`action = 'user.disable' AND target_id = ${users.leaver.email}`)).at(-1)!;
    const [start] = await audit(sql`action = 'user.offboard' AND target_id = ${users.leaver.email}`);
    expect(start).toMatchObject({ operation_id: jobId, actor_email: "system:offboarding", outcome: "success" });
    expect(start.params).toMatchObject({ userId: users.leaver.id, cause: "user.disable", causeOperationId: disable.operation_id });
    const closes = await audit(sql`action = 'login.close' AND bulk_id = ${jobId} AND phase = 'completed'`);
    expect(closes).toHaveLength(6);
    for (const c of closes) expect(c).toMatchObject({ actor_email: "system:offboarding", outcome: "success" });
    const closeParams = await audit(sql`action = 'login.close' AND bulk_id = ${jobId} AND phase = 'requested'`);
    expect(closeParams.every((c) => c.params?.offboarding?.email === users.leaver.email)).toBe(true);
    const deletes = await audit(sql`action = 'key.delete_personal' AND bulk_id = ${jobId} AND phase = 'completed'`);
    expect(deletes.map((d) => [d.target_id, d.actor_email, d.outcome]).sort()).toEqual(
      [laptop, desktop].sort().map((k) => [k, "system:offboarding", "success"]),
    );
    expect(await audit(sql`action = 'request.cancel' AND target_id = ${requestId}`)).toMatchObject([
      { actor_email: "system:offboarding", outcome: "success" },
    ]);
    // /operations lists it under its own kind, not among closes.
    expect((await jobList(handle.db, { kind: "user.offboard" })).rows.map((j) => j.id)).toContain(jobId);
    expect((await jobList(handle.db, { kind: "login.close" })).rows.map((j) => j.id)).not.toContain(jobId);

    // Idempotent: the pass again, and an admin's Revoke all access, find nothing and change nothing.
    const calls = { close: await received("ManageAICLogin"), del: await received("DeleteAICPublicKey") };
    await runOffboardingPass(handle.db, ens(), deps);
    as("admin");
    const again = (await usersActions.offboardUser({ email: users.leaver.email })) as Result;
    expect(again).toMatchObject({ ok: true, data: { operationId: null, logins: 0, keys: 0, requestsCancelled: 0 } });
    await runOffboardingPass(handle.db, ens(), deps);
    expect(await received("ManageAICLogin")).toBe(calls.close);
    expect(await received("DeleteAICPublicKey")).toBe(calls.del);
    expect((await jobList(handle.db, { kind: "user.offboard" })).rows.filter((j) => j.selection.includes(users.leaver.email))).toHaveLength(
      1,
    );
  });

  it("an admin's Revoke all access offboards a user who stays enabled; refused while it runs", async () => {
    const key = await keyWithLogins("mover", "tablet", ids.slice(7, 10));
    as("admin");
    const r = (await usersActions.offboardUser({ email: users.mover.email })) as Result;
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, data: { logins: 3, keys: 1, requestsCancelled: 0 } });
    const jobId = (r as { data: { operationId: string } }).data.operationId;
    const busy = (await usersActions.offboardUser({ email: users.mover.email })) as Result;
    if (!busy.ok) expect(busy.error.code).toBe("Console.InProgress");
    const op = await finished(jobId);
    expect(op.statusText).toBe("4 ok, 0 failed");
    expect(await deliveredTo(key)).toEqual([]);
    expect(await onEns(key)).toBe(false);
    const [row] = await queryRows<{ disabled: boolean }>(handle.db, sql`SELECT disabled FROM users WHERE id = ${users.mover.id}::uuid`);
    expect(row.disabled).toBe(false);
    const started = await audit(sql`action = 'user.offboard' AND operation_id = ${jobId}::uuid`);
    expect(started).toMatchObject([{ actor_email: users.admin.email, outcome: "success", target_id: users.mover.email }]);
  });

  it("refuses Revoke all access to a non-admin: denied, audited, no ENS call, nothing recorded", async () => {
    const key = await keyWithLogins("operator", "phone", [ids[10]]);
    const before = await received("ManageAICLogin");
    const jobs = (await jobList(handle.db, { kind: "user.offboard" })).rows.length;
    as("operator");
    const r = (await usersActions.offboardUser({ email: users.operator.email })) as Result;
    expect(r).toMatchObject({ ok: false, error: { code: "Console.Forbidden" } });
    expect((await audit(sql`action = 'user.offboard'`)).at(-1)).toMatchObject({ outcome: "denied", actor_email: users.operator.email });
    expect(await received("ManageAICLogin")).toBe(before);
    expect((await jobList(handle.db, { kind: "user.offboard" })).rows.length).toBe(jobs);
    expect(await deliveredTo(key)).toEqual([ids[10]]);
  });

  it("a disable from the users CLI's code path (no engine, no ENS) is recorded; the running engine's pass starts and finishes it", async () => {
    const key = await keyWithLogins("cli", "cli-key", [ids[11], ids[12]]);
    const requestId = await pendingRequest("cli", ids[13]);
    // As scripts/users.ts does it: the change and its event in one transaction, the CLI's shell actor.
    const disableOp = "7d2b8f7e-8f3a-4a55-9a52-6c1e3b1d0a01";
    const u = await withAudit(handle.db, async (tx, auditTx) => {
      const changed = await setUserDisabled(tx as never, { email: users.cli.email, disabled: true }, null, { operationId: disableOp });
      await auditTx({ ...userChangeEvent({ action: "user.disable", email: users.cli.email, actor: cliActor() }), operationId: disableOp });
      return changed;
    });
    expect(u.offboarding).not.toBeNull();
    const jobId = u.offboarding!.operationId;
    expect(await requestState(requestId)).toBe("cancelled");
    expect(await jobDetail(handle.db, jobId)).toBeNull();

    await engine!.passes.extraNow(OFFBOARDING_PASS);
    const op = await finished(jobId);
    expect(op).toMatchObject({ kind: "user.offboard", statusText: "3 ok, 0 failed" });
    expect(await deliveredTo(key)).toEqual([]);
    expect(await onEns(key)).toBe(false);
    const [start] = await audit(sql`action = 'user.offboard' AND operation_id = ${jobId}::uuid`);
    expect(start.params).toMatchObject({ cause: "user.disable", causeOperationId: disableOp });
    // Recorded once: a second pass finds the job.
    await runOffboardingPass(handle.db, ens(), deps);
    expect((await jobList(handle.db, { kind: "user.offboard" })).rows.filter((j) => j.id === jobId)).toHaveLength(1);
  });
});
