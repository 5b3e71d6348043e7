// What a request leaves in the log, through the real action wrapper, lib/ens against the emulator
// and the sign-in check: one line per action and per ENS call, tied by one reqId; no password.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createActionFactory } from "@/lib/actions/safe-action";
import type { ActiveUser } from "@/lib/auth/session";
import { attemptLogin } from "@/lib/auth/login";
import { createUser } from "@/lib/auth/users";
import { clientFor, resetEmulator, startEmulator, type Emulator } from "@/lib/ens/test/emulator-helpers";
import { setLoginSpec } from "@/lib/logins/actions";
import { createUserSpec } from "@/lib/users/actions";
import { freshDb } from "@/test/support/db";
import { setLogDestination } from "../logger";
import { captureLog } from "./capture";

let emu: Emulator;
let handle: Awaited<ReturnType<typeof freshDb>>;
let instanceId: string;
const operator: ActiveUser = { id: "u1", email: "operator@test", role: "operator", name: null };
const admin: ActiveUser = { id: "u2", email: "admin@test", role: "admin", name: null };

const factory = (user: ActiveUser, ens = () => clientFor(emu)) =>
  createActionFactory({
    resolveUser: async () => user,
    requestInfo: async () => ({ ip: "127.0.0.1", userAgent: "vitest" }),
    db: async () => handle.db,
    ens,
  });

beforeAll(async () => {
  emu = await startEmulator({ port: 0, servers: 1, aicsPerServer: 2, qps: 0 });
  instanceId = (await clientFor(emu).listAllAicInstances())[0].InstanceId;
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await handle?.drop();
  handle = await freshDb("pglite");
  await resetEmulator(emu);
});
afterEach(() => setLogDestination(null));

describe("a server action's log lines", () => {
  it("end with one line naming the user, action, outcome, RequestId and duration; the ENS calls it made carry the same reqId", async () => {
    const log = captureLog("debug");
    const r = await factory(operator, () => clientFor(emu, { maxAttempts: 1 }))(setLoginSpec)({ instanceId, action: "close" });
    expect(r.ok).toBe(true);

    const done = log.lines.filter((l) => l.component === "action");
    expect(done).toHaveLength(1);
    const [line] = done;
    expect(line).toMatchObject({
      level: "info",
      action: "login.close",
      outcome: "success",
      user: "operator@test",
      userId: "u1",
      role: "operator",
      ensRequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
    });
    expect(line.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(line.durationMs).toEqual(expect.any(Number));

    const ens = log.lines.filter((l) => l.component === "ens");
    const manage = ens.find((l) => l.ensAction === "ManageAICLogin");
    expect(manage).toMatchObject({ level: "debug", outcome: "success", retries: 0, reqId: line.reqId, user: "operator@test" });
    expect(manage!.ensRequestId).toBe(line.ensRequestId);
    expect(ens.find((l) => l.ensAction === "ListAICPublicKeyDeliveries")).toMatchObject({ reqId: line.reqId });
    // Every line of the call has its reqId; nothing of the AccessKey or the signed request.
    for (const l of log.lines) if (l.component === "action" || l.component === "ens") expect(l.reqId).toBe(line.reqId);
    expect(log.text()).not.toMatch(/Signature|AccessKey|emulator-demo-secret/i);
  });

  it("a denied call and a rejected call each end with one line saying so, and two calls get two reqIds", async () => {
    const log = captureLog();
    const viewer: ActiveUser = { id: "u3", email: "viewer@test", role: "viewer", name: null };
    await factory(viewer)(setLoginSpec)({ instanceId, action: "close" });
    await factory(operator)(setLoginSpec)({ instanceId: 42, password: "pw-in-a-bad-input" });
    const done = log.lines.filter((l) => l.component === "action");
    expect(done.map((l) => [l.outcome, l.code, l.role])).toEqual([
      ["denied", "Console.Forbidden", "viewer"],
      ["rejected", "Console.InvalidInput", "operator"],
    ]);
    expect(done[0].reqId).not.toBe(done[1].reqId);
    expect(log.text()).not.toContain("pw-in-a-bad-input");
  });

  it("creating a user (whose generated password the admin is shown once) logs no password", async () => {
    const log = captureLog("trace");
    const r = await factory(admin)(createUserSpec)({ email: "new@example.com", role: "viewer" });
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, data: { password: expect.any(String) } });
    const password = (r as { data: { password: string } }).data.password;
    expect(log.lines.filter((l) => l.component === "action")).toEqual([
      expect.objectContaining({ action: "user.create", outcome: "success" }),
    ]);
    expect(log.text()).not.toContain(password);
  });
});

describe("sign-in's log lines", () => {
  it("a wrong password and a right one: one line each with the outcome, never the password", async () => {
    await createUser(handle.db, { email: "someone@test", role: "viewer", password: "the-right-password-1" });
    const log = captureLog("trace");
    const wrong = await attemptLogin(handle.db, {
      email: "someone@test",
      password: "a-wrong-password-2",
      ip: "192.0.2.1",
      userAgent: "vitest",
    });
    const right = await attemptLogin(handle.db, {
      email: "someone@test",
      password: "the-right-password-1",
      ip: "192.0.2.1",
      userAgent: "vitest",
    });
    // A password typed into the email field is not logged either.
    await attemptLogin(handle.db, { email: "my-secret-password-3", password: "x", ip: "192.0.2.1", userAgent: "vitest" });
    expect([wrong.ok, right.ok]).toEqual([false, true]);
    const lines = log.lines.filter((l) => l.action === "auth.sign_in" && l.component === "auth");
    expect(lines.map((l) => [l.outcome, l.code ?? null, l.user ?? null])).toEqual([
      ["failure", "Console.InvalidCredentials", "someone@test"],
      ["success", null, "someone@test"],
      ["failure", "Console.InvalidEmail", null],
    ]);
    expect(new Set(lines.map((l) => l.reqId)).size).toBe(3);
    for (const secret of ["the-right-password-1", "a-wrong-password-2", "my-secret-password-3"]) expect(log.text()).not.toContain(secret);
  });
});
