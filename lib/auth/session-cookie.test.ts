import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as authjs from "next-auth/jwt";
import { activeSession, clearedCookie, findSessionCookie, rolledCookie } from "./session-cookie";

const SECRET = "session-cookie-test-secret-0123456789abcdef";
const MIN = 60_000;
const jar = (cookies: Record<string, string>) => ({
  get: (name: string) => (name in cookies ? { value: cookies[name] } : undefined),
  getAll: () => Object.keys(cookies).map((name) => ({ name })),
});
const tokenAt = (at: number, extra: Record<string, unknown> = {}) => ({
  uid: "u-1",
  role: "operator",
  email: "op@test",
  loginAt: at,
  lastSeen: at,
  ...extra,
});

beforeEach(() => {
  process.env.AUTH_SECRET = SECRET;
});
afterEach(() => {
  delete process.env.AUTH_SECRET;
});

describe("session cookie", () => {
  it("finds the cookie Auth.js set, plain or __Secure-, and leaves split cookies to Auth.js", () => {
    expect(findSessionCookie(jar({ "authjs.session-token": "a" }))).toEqual({ name: "authjs.session-token", value: "a" });
    expect(findSessionCookie(jar({ "__Secure-authjs.session-token": "b" }))).toEqual({ name: "__Secure-authjs.session-token", value: "b" });
    expect(findSessionCookie(jar({ "authjs.session-token.0": "x", "authjs.session-token.1": "y" }))).toBe("chunked");
    expect(findSessionCookie(jar({ other: "1" }))).toBeNull();
  });

  it("accepts a session Auth.js issued, within the idle and absolute limits only", async () => {
    const now = Date.now();
    const cookie = (t: object) =>
      authjs.encode({ token: t, secret: SECRET, salt: "authjs.session-token" }).then((value) => ({ name: "authjs.session-token", value }));
    expect(await activeSession(await cookie(tokenAt(now - 5 * MIN)), now)).toMatchObject({ uid: "u-1", role: "operator" });
    expect(await activeSession(await cookie(tokenAt(now - 31 * MIN)), now)).toBeNull();
    expect(await activeSession(await cookie(tokenAt(now - 13 * 60 * MIN, { lastSeen: now - MIN })), now)).toBeNull();
    expect(await activeSession(await cookie({ email: "x@test", loginAt: now, lastSeen: now }), now)).toBeNull();
    const good = await cookie(tokenAt(now));
    expect(await activeSession({ ...good, value: good.value.slice(0, -2) + "AA" }, now)).toBeNull();
    expect(await activeSession({ ...good, name: "__Secure-authjs.session-token" }, now)).toBeNull();
    delete process.env.AUTH_SECRET;
    expect(await activeSession(good, now)).toBeNull();
  });

  it("re-issues the session with its idle clock restarted, readable by Auth.js, with Auth.js's cookie options", async () => {
    const now = Date.now();
    const rolled = await rolledCookie({ name: "__Secure-authjs.session-token", value: "" }, tokenAt(now - 10 * MIN), now);
    expect(rolled.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", secure: true });
    expect(rolled.options.expires.getTime()).toBe(now + 12 * 60 * MIN);
    const read = await authjs.decode({ token: rolled.value, secret: SECRET, salt: "__Secure-authjs.session-token" });
    expect(read).toMatchObject({ uid: "u-1", loginAt: now - 10 * MIN, lastSeen: now });
    expect(clearedCookie({ name: "authjs.session-token", value: "v" })).toMatchObject({ value: "", options: { maxAge: 0, secure: false } });
  });
});
