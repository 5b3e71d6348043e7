// Access on request (issue 29), end to end through the server actions with a mocked session, on
// both backends: requests, approvals (one or two), denials, cancels, expiry, the policy's
// ApprovalRequired, shares under the two-person rule, break-glass and its review, and a request
// that cannot be carried out. ENS is the emulator; the engine runs login requests.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ActiveUser } from "@/lib/auth/session";

const session = vi.hoisted(() => {
  process.env.CONSOLE_DATA_DIR = "memory://";
  return { user: null as ActiveUser | null };
});
vi.mock("@/lib/auth/session", () => ({ getActiveUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "requests-test", "x-forwarded-for": "127.0.0.12" }),
}));

const { closeDb, getDbHandle, queryRows } = await import("@/lib/db/client");
const { ens } = await import("@/lib/ens");
const { clientFor, received: receivedOnce, resetEmulator, startEmulator } = await import("@/lib/ens/test/emulator-helpers");
const { startEngine } = await import("@/lib/jobs/engine");
const { jobDetail } = await import("@/lib/jobs/view");
const { verifyChain } = await import("@/lib/audit/verify");
const { BACKENDS, createPgDatabase } = await import("@/test/support/db");
const actions = await import("@/lib/actions/requests");
const { setLogin } = await import("@/lib/actions/logins");
const { startLoginOperation } = await import("@/lib/actions/operations");
const { shareImage } = await import("@/lib/actions/images");
const { expirePending, runRequestsPass } = await import("../pass");
const { listBreakGlass } = await import("../read");
const { DEFAULT_POLICY } = await import("../schema");

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
type Handle = Awaited<ReturnType<typeof getDbHandle>>;
type Engine = Awaited<ReturnType<typeof startEngine>>;
type Result = { ok: true; data: any } | { ok: false; error: { code: string; message: string } };

const IMG = "m-1f2561e52a9e0854487599d9408c519";
const REASON = "TICKET-4711 debug the camera";
const BREAK_REASON = "INC-42 production outage, phones unreachable";

let emu: Emulator;
let ids: string[];
let handle: Handle;
let engine: Engine | undefined;

// The control fetch can meet a keep-alive socket the emulator just closed (ECONNRESET); one retry.
const received = (action: string) => receivedOnce(emu, action).catch(() => receivedOnce(emu, action));
const client = () => clientFor(emu, { maxAttempts: 1 });
const emulatorState = async () =>
  (await (await fetch(`${emu.url}/__emulator/state`, { headers: { connection: "close" } })).json()) as {
    shares: Record<string, string[]>;
  };

const users: Record<"requester" | "operator" | "operator2" | "admin", ActiveUser> = {} as never;
const as = (who: keyof typeof users) => void (session.user = users[who]);

interface AuditRow {
  id: number;
  operation_id: string;
  action: string;
  phase: string;
  outcome: string | null;
  error_code: string | null;
  actor_email: string | null;
  target_id: string | null;
  bulk_id: string | null;
  params: Record<string, unknown> | null;
}
const audit = (where = sql`true`) =>
  queryRows<AuditRow>(
    handle.db,
    sql`SELECT id::int AS id, operation_id, action, phase, outcome, error_code, actor_email, target_id, bulk_id, params FROM audit_events WHERE ${where} ORDER BY id`,
  );
const lastAudit = async (action: string) => (await audit(sql`action = ${action}`)).at(-1);

interface RequestRow {
  state: string;
  job_id: string | null;
  failure: string | null;
  audit_operation_id: string;
}
const requestRow = async (id: string) =>
  (
    await queryRows<RequestRow>(
      handle.db,
      sql`SELECT state, job_id, failure, audit_operation_id FROM access_requests WHERE id = ${id}::uuid`,
    )
  )[0];
const notices = (userId: string, kind: string) =>
  queryRows<{ subject: string; params: Record<string, unknown> }>(
    handle.db,
    sql`SELECT subject, params FROM notifications WHERE user_id = ${userId}::uuid AND kind = ${kind} ORDER BY id`,
  );

async function setPolicy(change: Partial<typeof DEFAULT_POLICY>) {
  const before = session.user;
  as("admin");
  const r = (await actions.updateAccessPolicy({ ...DEFAULT_POLICY, ...change })) as Result;
  session.user = before;
  expect(r.ok, JSON.stringify(r)).toBe(true);
}

const loginRequest = (instanceId: string, keyName = "support-adb-key") =>
  actions.createAccessRequest({
    kind: "login",
    selection: { ids: [instanceId] },
    keyName,
    durationMinutes: 60,
    reason: REASON,
  }) as Promise<Result>;

async function requestAs(who: keyof typeof users, instanceId: string, keyName?: string): Promise<string> {
  as(who);
  const r = await loginRequest(instanceId, keyName);
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true, data: { state: "pending" } });
  return (r as { data: { requestId: string } }).data.requestId;
}

async function settled(jobId: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const op = await jobDetail(handle.db, jobId);
    if (op?.state === "finished") return op;
    if (Date.now() > until) throw new Error(`operation ${jobId} did not finish: ${op?.statusText}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The requests pass, as every console process runs it (expire, carry out, settle, notices). */
const requestsPass = () => runRequestsPass(handle.db, { ens: ens() });

const deliveries = async (instanceId: string) =>
  (await client().listAllPublicKeyDeliveries({ InstanceId: instanceId })).map((d) => d.KeyName);

beforeAll(async () => {
  emu = await startEmulator({ port: 0, servers: 2, aicsPerServer: 12, qps: 0 });
  Object.assign(process.env, {
    ENS_ENDPOINT: emu.endpoint,
    ENS_PROTOCOL: "HTTP",
    ENS_MAX_ATTEMPTS: "1",
    ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI5tEmulatorDemoKey01",
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: "emulator-demo-secret-0123456789abcdef",
    AUTH_SECRET: "requests-test-secret",
    CONSOLE_JOB_WORKERS: "2",
    ENS_JOB_RATE_PER_SECOND: "1000",
    // The passes are driven by hand here; their timers stay out of the way.
    CONSOLE_EXPIRY_CHECK_MS: "600000",
    CONSOLE_RESOLVE_CHECK_MS: "600000",
    CONSOLE_DRIFT_CHECK_MS: "600000",
    CONSOLE_REQUESTS_CHECK_MS: "600000",
  });
  // Instances without the emulator's preloaded deliveries.
  ids = (await client().listAllAicInstances()).map((r) => r.InstanceId).filter((_, i) => i >= 2 && i !== 12);
});
afterAll(async () => {
  await emu?.close();
});

describe.each(BACKENDS)("access on request on %s", (backend) => {
  let pg: Awaited<ReturnType<typeof createPgDatabase>> | null = null;

  beforeAll(async () => {
    await closeDb();
    if (backend === "postgres") {
      pg = await createPgDatabase("aic_requests");
      process.env.DATABASE_URL = pg.url;
    } else delete process.env.DATABASE_URL;
    handle = await getDbHandle();
    engine = await startEngine(handle, process.env, ens());
    const roles = { requester: "requester", operator: "operator", operator2: "operator", admin: "admin" } as const;
    for (const [name, role] of Object.entries(roles)) {
      const email = `${name}@requests.test`;
      const [row] = await queryRows<{ id: string }>(
        handle.db,
        sql`INSERT INTO users (email, role) VALUES (${email}, ${role}) RETURNING id`,
      );
      users[name as keyof typeof users] = { id: row.id, email, role, name: null };
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
  beforeEach(async () => {
    await resetEmulator(emu);
    await setPolicy({});
    session.user = null;
  });

  it("a requester's login request is pending, audited as request.create, tells the approvers, and reaches no ENS mutation", async () => {
    const id = await requestAs("requester", ids[0]);
    expect(await requestRow(id)).toMatchObject({ state: "pending", job_id: null });
    expect(await received("ManageAICLogin")).toBe(0);
    const created = await lastAudit("request.create");
    expect(created).toMatchObject({ phase: "completed", outcome: "success", actor_email: users.requester.email });
    expect(created!.operation_id).toBe((await requestRow(id)).audit_operation_id);
    for (const who of ["operator", "operator2", "admin"] as const)
      expect((await notices(users[who].id, "request_waiting")).map((n) => n.subject)).toContain(id);
    expect(await notices(users.requester.id, "request_waiting")).toEqual([]);
  });

  it("a requester's direct open is refused Console.Forbidden, audited denied, with no ENS call", async () => {
    as("requester");
    const before = await received("ManageAICLogin");
    const r = (await setLogin({
      instanceId: ids[1],
      action: "open",
      keyName: "support-adb-key",
      durationMinutes: 60,
      reason: REASON,
    })) as Result;
    expect(r).toMatchObject({ ok: false, error: { code: "Console.Forbidden" } });
    expect(await received("ManageAICLogin")).toBe(before);
    expect(await lastAudit("login.open")).toMatchObject({
      outcome: "denied",
      error_code: "Console.Forbidden",
      actor_email: users.requester.email,
      target_id: ids[1],
    });
  });

  it("nobody approves their own request (Console.SelfApproval, audited a failure); a requester may not approve at all", async () => {
    const own = await requestAs("operator", ids[2]);
    as("operator");
    expect(await actions.approveAccessRequest({ requestId: own })).toMatchObject({ ok: false, error: { code: "Console.SelfApproval" } });
    expect(await lastAudit("request.approve")).toMatchObject({
      outcome: "failure",
      error_code: "Console.SelfApproval",
      actor_email: users.operator.email,
      target_id: own,
    });
    as("requester");
    expect(await actions.approveAccessRequest({ requestId: own })).toMatchObject({ ok: false, error: { code: "Console.Forbidden" } });
    expect(await lastAudit("request.approve")).toMatchObject({ outcome: "denied", actor_email: users.requester.email });
    expect(await requestRow(own)).toMatchObject({ state: "pending" });
    expect(await received("ManageAICLogin")).toBe(0);
  });

  it("an operator's approval opens the login as the requester, linked to the request; the pass ends it done; History reads create → approve → open", async () => {
    const instanceId = ids[3];
    const id = await requestAs("requester", instanceId);
    as("operator");
    const r = (await actions.approveAccessRequest({ requestId: id, comment: "ok for the ticket" })) as Result;
    expect(r).toMatchObject({ ok: true, data: { state: "approved", approvals: 1, approvalsNeeded: 1 } });
    const jobId = (r as { data: { operationId: string } }).data.operationId;
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await requestRow(id)).job_id).toBe(jobId);

    const op = await settled(jobId);
    expect(op.statusText).toBe("1 ok, 0 failed");
    expect(await deliveries(instanceId)).toContain("support-adb-key");
    expect(await received("ManageAICLogin")).toBe(1);

    const opens = await audit(sql`action = 'login.open' AND target_id = ${instanceId}`);
    expect(opens.map((e) => [e.phase, e.outcome, e.actor_email, e.bulk_id])).toEqual([
      ["requested", null, users.requester.email, jobId],
      ["completed", "success", users.requester.email, jobId],
    ]);
    expect(opens[0].params).toMatchObject({ requestId: id, approvedBy: [users.operator.email], reason: REASON, durationMinutes: 60 });

    await requestsPass();
    expect((await requestRow(id)).state).toBe("done");
    expect((await notices(users.requester.id, "request_approved")).map((n) => n.subject)).toEqual([id]);

    const create = (await audit(sql`operation_id = ${(await requestRow(id)).audit_operation_id}::uuid`))[0];
    const approve = (await audit(sql`action = 'request.approve' AND target_id = ${id} AND outcome = 'success'`))[0];
    expect(create.action).toBe("request.create");
    expect(create.id).toBeLessThan(approve.id);
    expect(approve.id).toBeLessThan(opens[0].id);
    // The pass does not carry it out again.
    await requestsPass();
    expect(await received("ManageAICLogin")).toBe(1);
  });

  it("two approvals: the first leaves it pending, the same person again is AlreadyDecided, a second operator carries it out", async () => {
    await setPolicy({ loginApprovals: 2 });
    const instanceId = ids[4];
    const id = await requestAs("requester", instanceId);
    as("operator");
    expect(await actions.approveAccessRequest({ requestId: id })).toMatchObject({
      ok: true,
      data: { state: "pending", approvals: 1, approvalsNeeded: 2, operationId: null },
    });
    expect((await requestRow(id)).state).toBe("pending");
    expect(await actions.approveAccessRequest({ requestId: id })).toMatchObject({ ok: false, error: { code: "Console.AlreadyDecided" } });
    expect(await received("ManageAICLogin")).toBe(0);
    as("operator2");
    const r = (await actions.approveAccessRequest({ requestId: id })) as Result;
    expect(r).toMatchObject({ ok: true, data: { state: "approved", approvals: 2, approvalsNeeded: 2 } });
    const op = await settled((r as { data: { operationId: string } }).data.operationId);
    expect(op.statusText).toBe("1 ok, 0 failed");
    expect(await deliveries(instanceId)).toContain("support-adb-key");
    const [requested] = await audit(sql`action = 'login.open' AND target_id = ${instanceId}`);
    expect(requested.params).toMatchObject({ requestId: id, approvedBy: [users.operator.email, users.operator2.email] });
  });

  it("loginMode approval: an operator's direct and bulk opens are refused ApprovalRequired with no ENS call; closes still go through directly", async () => {
    await setPolicy({ loginMode: "approval" });
    as("operator");
    const one = (await setLogin({
      instanceId: ids[5],
      action: "open",
      keyName: "support-adb-key",
      durationMinutes: 60,
      reason: REASON,
    })) as Result;
    expect(one).toMatchObject({ ok: false, error: { code: "Console.ApprovalRequired" } });
    const bulk = (await startLoginOperation({
      action: "open",
      selection: { ids: [ids[5], ids[6]] },
      keyName: "support-adb-key",
      durationMinutes: 60,
      reason: REASON,
    })) as Result;
    expect(bulk).toMatchObject({ ok: false, error: { code: "Console.ApprovalRequired" } });
    expect(await received("ManageAICLogin")).toBe(0);
    expect(await lastAudit("operation.start_login")).toMatchObject({ outcome: "failure", error_code: "Console.ApprovalRequired" });
    const [operations] = await queryRows<{ n: number }>(
      handle.db,
      sql`SELECT count(*)::int AS n FROM operations WHERE actor_email = ${users.operator.email}`,
    );
    expect(Number(operations.n)).toBe(0);

    expect(await setLogin({ instanceId: ids[5], action: "close" })).toMatchObject({ ok: true });
    expect(await received("ManageAICLogin")).toBe(1);
    const closed = (await startLoginOperation({ action: "close", selection: { ids: [ids[5], ids[6]] } })) as Result;
    expect(closed, JSON.stringify(closed)).toMatchObject({ ok: true });
    expect((await settled((closed as { data: { operationId: string } }).data.operationId)).statusText).toBe("2 ok, 0 failed");
    expect(await received("ManageAICLogin")).toBe(3);
    // A requester's request still works under this policy, and an operator may request too.
    await requestAs("operator", ids[5]);
  });

  it("a denial needs a comment, ends the request denied and tells the requester; only the requester cancels", async () => {
    const id = await requestAs("requester", ids[6]);
    as("operator");
    expect(await actions.denyAccessRequest({ requestId: id })).toMatchObject({ ok: false, error: { code: "Console.InvalidInput" } });
    expect(await actions.denyAccessRequest({ requestId: id, comment: "   " })).toMatchObject({
      ok: false,
      error: { code: "Console.InvalidInput" },
    });
    expect((await requestRow(id)).state).toBe("pending");
    expect(await actions.denyAccessRequest({ requestId: id, comment: "Not on this ticket" })).toMatchObject({
      ok: true,
      data: { state: "denied" },
    });
    expect((await requestRow(id)).state).toBe("denied");
    expect(await notices(users.requester.id, "request_denied")).toMatchObject([
      { subject: id, params: { by: users.operator.email, comment: "Not on this ticket" } },
    ]);
    // Decided: neither approved nor cancelled afterwards.
    as("operator2");
    expect(await actions.approveAccessRequest({ requestId: id })).toMatchObject({ ok: false, error: { code: "Console.RequestClosed" } });

    const other = await requestAs("requester", ids[6]);
    as("operator");
    expect(await actions.cancelAccessRequest({ requestId: other })).toMatchObject({ ok: false, error: { code: "Console.NotFound" } });
    expect((await requestRow(other)).state).toBe("pending");
    as("requester");
    expect(await actions.cancelAccessRequest({ requestId: other })).toMatchObject({ ok: true, data: { state: "cancelled" } });
    expect((await requestRow(other)).state).toBe("cancelled");
    expect(await actions.cancelAccessRequest({ requestId: other })).toMatchObject({ ok: false, error: { code: "Console.RequestClosed" } });
    expect(await lastAudit("request.cancel")).toMatchObject({ outcome: "failure", error_code: "Console.RequestClosed" });
    expect(await received("ManageAICLogin")).toBe(0);
  });

  it("a pending request past its wait expires once, even with two passes at the same time: one request.expire by system:requests", async () => {
    const id = await requestAs("requester", ids[7]);
    await handle.db.execute(sql`UPDATE access_requests SET expires_at = clock_timestamp() - interval '1 second' WHERE id = ${id}::uuid`);
    const [a, b] = await Promise.all([expirePending(handle.db), expirePending(handle.db)]);
    expect(a + b).toBe(1);
    expect((await requestRow(id)).state).toBe("expired");
    expect(await expirePending(handle.db)).toBe(0);
    const expired = await audit(sql`action = 'request.expire' AND target_id = ${id}`);
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ actor_email: "system:requests", outcome: "success", phase: "completed" });
    expect((await notices(users.requester.id, "request_expired")).map((n) => n.subject)).toEqual([id]);
    as("operator");
    expect(await actions.approveAccessRequest({ requestId: id })).toMatchObject({ ok: false, error: { code: "Console.RequestClosed" } });
  });

  it("shareMode approval: a direct share is refused; a requester's share, once approved, is sent with exactly the requested user IDs", async () => {
    await setPolicy({ shareMode: "approval" });
    const uids = ["1000000000000001", "1000000000000002", "1000000000000003"];
    as("operator");
    expect(await shareImage({ imageId: IMG, users: uids })).toMatchObject({ ok: false, error: { code: "Console.ApprovalRequired" } });
    expect(await received("ShareAICImage")).toBe(0);

    as("requester");
    const created = (await actions.createAccessRequest({ kind: "share", imageId: IMG, users: uids, reason: REASON })) as Result;
    expect(created, JSON.stringify(created)).toMatchObject({ ok: true, data: { state: "pending" } });
    const id = (created as { data: { requestId: string } }).data.requestId;
    expect(await received("ShareAICImage")).toBe(0);
    as("operator");
    expect(await actions.approveAccessRequest({ requestId: id })).toMatchObject({
      ok: true,
      data: { state: "approved", operationId: null },
    });
    expect(await received("ShareAICImage")).toBe(1);
    expect((await emulatorState()).shares[IMG]?.sort()).toEqual(uids);
    expect((await requestRow(id)).state).toBe("done");
    const share = (await audit(sql`action = 'image.share' AND outcome IS NOT NULL`)).at(-1);
    expect(share).toMatchObject({ outcome: "success", actor_email: users.requester.email, target_id: IMG });
    expect((await audit(sql`action = 'image.share' AND phase = 'requested'`)).at(-1)!.params).toMatchObject({
      users: uids,
      requestId: id,
      approvedBy: [users.operator.email],
    });
  });

  it("break-glass: opens at once, waits for review and tells the others; short reasons, long logins and a disabled policy are refused; reviewed once", async () => {
    // Break-glass is the way past an approval policy.
    await setPolicy({ loginMode: "approval" });
    const instanceId = ids[8];
    as("operator");
    const r = (await actions.breakGlassLogin({
      instanceId,
      keyName: "support-adb-key",
      durationMinutes: 30,
      reason: BREAK_REASON,
    })) as Result;
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, data: { login: { open: true } } });
    expect(await received("ManageAICLogin")).toBe(1);
    expect(await deliveries(instanceId)).toContain("support-adb-key");
    const open = (await audit(sql`action = 'login.break_glass' AND phase = 'completed'`)).at(-1)!;
    expect(open).toMatchObject({ outcome: "success", actor_email: users.operator.email, target_id: instanceId });
    // An ordinary lease: closed at expiry like any other open, within the hour.
    const [lease] = await queryRows<{ reason: string; minutes: number }>(
      handle.db,
      sql`SELECT reason, extract(epoch FROM expires_at - clock_timestamp())::float8 / 60 AS minutes FROM login_leases WHERE instance_id = ${instanceId}`,
    );
    expect(lease.reason).toBe(BREAK_REASON);
    expect(Number(lease.minutes)).toBeGreaterThan(28);
    expect(Number(lease.minutes)).toBeLessThanOrEqual(30);
    const toReview = await listBreakGlass(handle.db, { unreviewedOnly: true });
    expect(toReview).toMatchObject([
      { operationId: open.operation_id, instanceId, actorEmail: users.operator.email, reason: BREAK_REASON },
    ]);
    for (const who of ["operator2", "admin"] as const)
      expect((await notices(users[who].id, "break_glass")).map((n) => n.subject)).toEqual([open.operation_id]);
    expect(await notices(users.operator.id, "break_glass")).toEqual([]);
    expect(await notices(users.requester.id, "break_glass")).toEqual([]);

    expect(
      await actions.breakGlassLogin({ instanceId: ids[9], keyName: "support-adb-key", durationMinutes: 30, reason: "INC-42 down" }),
    ).toMatchObject({ ok: false, error: { code: "Console.InvalidInput" } });
    expect(
      await actions.breakGlassLogin({ instanceId: ids[9], keyName: "support-adb-key", durationMinutes: 61, reason: BREAK_REASON }),
    ).toMatchObject({ ok: false, error: { code: "Console.InvalidInput" } });
    await setPolicy({ breakGlass: false });
    as("operator");
    expect(
      await actions.breakGlassLogin({ instanceId: ids[9], keyName: "support-adb-key", durationMinutes: 30, reason: BREAK_REASON }),
    ).toMatchObject({ ok: false, error: { code: "Console.BreakGlassDisabled" } });
    expect(await received("ManageAICLogin")).toBe(1);
    expect(await listBreakGlass(handle.db, { unreviewedOnly: true })).toHaveLength(1);

    // Only admins review.
    expect(await actions.reviewBreakGlass({ operationId: open.operation_id, comment: "Checked" })).toMatchObject({
      ok: false,
      error: { code: "Console.Forbidden" },
    });
    as("admin");
    expect(await actions.reviewBreakGlass({ operationId: open.operation_id, comment: "Checked with the on-call" })).toMatchObject({
      ok: true,
      data: { operationId: open.operation_id, instanceId },
    });
    expect(await listBreakGlass(handle.db, { unreviewedOnly: true })).toEqual([]);
    expect((await listBreakGlass(handle.db, { unreviewedOnly: false }))[0]).toMatchObject({
      reviewedBy: users.admin.email,
      reviewComment: "Checked with the on-call",
    });
    expect(await actions.reviewBreakGlass({ operationId: open.operation_id, comment: "Again" })).toMatchObject({
      ok: false,
      error: { code: "Console.RequestClosed" },
    });
  });

  it("two operators approving at once: one approval carries it out, the other is RequestClosed; one operation, one open", async () => {
    const instanceId = ids[11];
    const id = await requestAs("requester", instanceId);
    const approveAs = async (who: "operator" | "operator2") => {
      const { approveRequestSpec } = await import("../actions");
      const { createActionFactory } = await import("@/lib/actions/safe-action");
      return createActionFactory({
        resolveUser: async () => users[who],
        requestInfo: async () => ({ ip: "127.0.0.1", userAgent: "vitest" }),
        db: async () => handle.db,
        ens,
      })(approveRequestSpec)({ requestId: id }) as Promise<Result>;
    };
    const results = await Promise.all([approveAs("operator"), approveAs("operator2")]);
    const codes = results.map((r) => (r.ok ? r.data.state : r.error.code)).sort();
    expect(codes).toEqual(["Console.RequestClosed", "approved"]);
    const jobId = (results.find((r) => r.ok) as { data: { operationId: string } }).data.operationId;
    expect((await settled(jobId)).statusText).toBe("1 ok, 0 failed");
    const [n] = await queryRows<{ n: number }>(
      handle.db,
      sql`SELECT count(*)::int AS n FROM operations WHERE params->>'requestId' = ${id}`,
    );
    expect(Number(n.n)).toBe(1);
    expect(await received("ManageAICLogin")).toBe(1);
  });

  it("the policy's approvers and longest login hold: admins only → an operator is NotAnApprover; more than loginMaxMinutes is refused", async () => {
    await setPolicy({ loginApprovers: "admins", loginMaxMinutes: 30 });
    as("requester");
    expect(await loginRequest(ids[12])).toMatchObject({ ok: false, error: { code: "Console.InvalidInput" } });
    const r = (await actions.createAccessRequest({
      kind: "login",
      selection: { ids: [ids[12]] },
      keyName: "support-adb-key",
      durationMinutes: 30,
      reason: REASON,
    })) as Result;
    expect(r).toMatchObject({ ok: true });
    const id = (r as { data: { requestId: string } }).data.requestId;
    // Only admins were told.
    expect((await notices(users.admin.id, "request_waiting")).map((n) => n.subject)).toContain(id);
    expect((await notices(users.operator.id, "request_waiting")).map((n) => n.subject)).not.toContain(id);
    as("operator");
    expect(await actions.approveAccessRequest({ requestId: id })).toMatchObject({ ok: false, error: { code: "Console.NotAnApprover" } });
    as("admin");
    const approved = (await actions.approveAccessRequest({ requestId: id })) as Result;
    expect(approved).toMatchObject({ ok: true, data: { state: "approved" } });
    expect((await settled((approved as { data: { operationId: string } }).data.operationId)).statusText).toBe("1 ok, 0 failed");
  });

  it("an approved request a dead process never carried out: a fresh claim is left alone, a stale one is taken over by the pass, once, and ends done", async () => {
    const instanceId = ids[13];
    const id = await requestAs("requester", instanceId);
    await handle.db.execute(sql`INSERT INTO access_request_decisions (request_id, actor_id, actor_email, decision, audit_operation_id)
      VALUES (${id}::uuid, ${users.operator.id}::uuid, ${users.operator.email}, 'approve', gen_random_uuid())`);
    await handle.db.execute(sql`UPDATE access_requests SET state = 'approved', decided_at = clock_timestamp(), job_id = gen_random_uuid(),
      carry_claimed_at = clock_timestamp() WHERE id = ${id}::uuid`);
    const jobId = (await requestRow(id)).job_id!;
    await requestsPass();
    expect(await jobDetail(handle.db, jobId)).toBeFalsy();
    await handle.db.execute(
      sql`UPDATE access_requests SET carry_claimed_at = clock_timestamp() - interval '2 minutes' WHERE id = ${id}::uuid`,
    );
    await requestsPass();
    expect((await settled(jobId)).statusText).toBe("1 ok, 0 failed");
    await requestsPass();
    expect((await requestRow(id)).state).toBe("done");
    await requestsPass();
    expect(await received("ManageAICLogin")).toBe(1);
    const [requested] = await audit(sql`action = 'login.open' AND target_id = ${instanceId}`);
    expect(requested).toMatchObject({
      actor_email: users.requester.email,
      bulk_id: jobId,
      params: { requestId: id, approvedBy: [users.operator.email] },
    });
  });

  it("an open ENS refuses: the pass ends the request failed with the instance and code, audited, the requester told", async () => {
    const instanceId = ids[14];
    const id = await requestAs("requester", instanceId);
    const { setFaults } = await import("@/lib/ens/test/emulator-helpers");
    await setFaults(emu, { errorRate: 1, errors: ["NoPermission"], actions: ["ManageAICLogin"], instanceIds: [instanceId] });
    as("operator");
    const r = (await actions.approveAccessRequest({ requestId: id })) as Result;
    expect((await settled((r as { data: { operationId: string } }).data.operationId)).statusText).toBe("0 ok, 1 failed");
    await requestsPass();
    const row = await requestRow(id);
    expect(row.state).toBe("failed");
    expect(row.failure).toContain(instanceId);
    expect(row.failure).toContain("NoPermission");
    expect(await audit(sql`action = 'request.fail' AND target_id = ${id}`)).toHaveLength(1);
    expect((await notices(users.requester.id, "request_failed")).map((n) => n.subject)).toContain(id);
  });

  // Known bug (reported with issue 29's tests): a break-glass open whose answer is lost is audited
  // `login.break_glass` / unknown, which neither the resolution pass (lib/jobs/resolve-unknown.ts,
  // CHANGES) nor the drift pass (lib/logins/detect-drift.ts, lastConsoleChange) reads, and its
  // break_glass_opens row is written only after setLogin succeeds: the login stays open with no
  // lease (never closed at expiry), is not on the To-review list, and is flagged as opened outside
  // the console. Unskip once fixed.
  it("a break-glass open whose answer is lost is still to be reviewed, resolved against ENS and held to its expiry", async () => {
    const instanceId = ids[15];
    const { setFaults } = await import("@/lib/ens/test/emulator-helpers");
    await setFaults(emu, { errorRate: 1, errors: ["ApplyThenReset"], actions: ["ManageAICLogin"], instanceIds: [instanceId] });
    as("operator");
    const r = (await actions.breakGlassLogin({
      instanceId,
      keyName: "support-adb-key",
      durationMinutes: 30,
      reason: BREAK_REASON,
    })) as Result;
    expect(r).toMatchObject({ ok: false, error: { code: "Network.ConnectionReset" } });
    await setFaults(emu, {});
    expect(await deliveries(instanceId)).toContain("support-adb-key");
    expect((await listBreakGlass(handle.db, { unreviewedOnly: true })).map((b) => b.instanceId)).toContain(instanceId);
    await engine!.passes.resolveNow();
    await engine!.passes.driftNow();
    expect((await audit(sql`target_id = ${instanceId} AND phase = 'resolved'`)).map((e) => e.outcome)).toEqual(["success"]);
    expect(await audit(sql`target_id = ${instanceId} AND action = 'login.drift_found'`)).toEqual([]);
    expect(
      await queryRows(handle.db, sql`SELECT 1 FROM login_leases WHERE instance_id = ${instanceId} AND expires_at IS NOT NULL`),
    ).toHaveLength(1);
  });

  it("a key deleted between request and approval: the request ends failed naming the key, request.fail audited, the requester told", async () => {
    const instanceId = ids[10];
    const id = await requestAs("requester", instanceId, "release-signing-adb");
    await client().deleteAicPublicKey({ KeyName: "release-signing-adb" });
    as("operator");
    expect(await actions.approveAccessRequest({ requestId: id })).toMatchObject({ ok: true, data: { state: "approved" } });
    const row = await requestRow(id);
    expect(row.state).toBe("failed");
    expect(row.failure).toContain("release-signing-adb");
    const failed = await audit(sql`action = 'request.fail' AND target_id = ${id}`);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ actor_email: "system:requests", outcome: "success" });
    expect(String(failed[0].params?.reason)).toContain("release-signing-adb");
    const told = (await notices(users.requester.id, "request_failed")).filter((n) => n.subject === id);
    expect(told).toHaveLength(1);
    expect(String(told[0].params.reason)).toContain("release-signing-adb");
    expect(await received("ManageAICLogin")).toBe(0);
    // The pass neither retries nor fails it again.
    await requestsPass();
    expect(await audit(sql`action = 'request.fail' AND target_id = ${id}`)).toHaveLength(1);
    expect(await received("ManageAICLogin")).toBe(0);
  });
});
