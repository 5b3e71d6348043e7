import type { JWT } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { authConfig } from "@/lib/auth/auth.config";

const MIN = 60_000;
const HOUR = 60 * MIN;
type JwtArgs = Parameters<typeof authConfig.callbacks.jwt>[0];
const jwt = (token: JWT, user?: { id: string; role: string }) =>
  authConfig.callbacks.jwt({ token, user, account: null, trigger: user ? "signIn" : "update" } as unknown as JwtArgs);

const T0 = Date.UTC(2026, 10, 22, 8, 0, 0);
const at = (ms: number) => vi.spyOn(Date, "now").mockReturnValue(T0 + ms);

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.AUTH_IDLE_TIMEOUT_MINUTES;
  delete process.env.AUTH_MAX_AGE_HOURS;
});

async function signIn() {
  at(0);
  const token = await jwt({ email: "op@e2e.test" }, { id: "u-1", role: "operator" });
  expect(token).toMatchObject({ uid: "u-1", role: "operator", loginAt: T0, lastSeen: T0 });
  return token as JWT;
}

describe("server-side session expiry (jwt callback)", () => {
  it("refreshes lastSeen on each request inside the idle window", async () => {
    const token = await signIn();
    at(29 * MIN);
    const next = (await jwt({ ...token })) as JWT;
    expect(next).toMatchObject({ uid: "u-1", loginAt: T0, lastSeen: T0 + 29 * MIN });
  });

  it("ends the session after 30 idle minutes (default)", async () => {
    const token = await signIn();
    at(30 * MIN + 1000);
    expect(await jwt({ ...token })).toBeNull();
  });

  it("ends an active session at the absolute limit of 12 hours (default)", async () => {
    let token = await signIn();
    // Active every 20 minutes: never idle, but the absolute limit still applies.
    for (let t = 20 * MIN; t <= 12 * HOUR; t += 20 * MIN) {
      at(t);
      token = (await jwt({ ...token })) as JWT;
      expect(token, `active at ${t / MIN} min`).not.toBeNull();
    }
    at(12 * HOUR + 20 * MIN);
    expect(await jwt({ ...token })).toBeNull();
  });

  it("honours AUTH_IDLE_TIMEOUT_MINUTES and AUTH_MAX_AGE_HOURS", async () => {
    process.env.AUTH_IDLE_TIMEOUT_MINUTES = "5";
    process.env.AUTH_MAX_AGE_HOURS = "1";
    const token = await signIn();
    at(4 * MIN);
    const fresh = (await jwt({ ...token })) as JWT;
    expect(fresh).not.toBeNull();
    at(4 * MIN + 5 * MIN + 1000);
    expect(await jwt({ ...fresh })).toBeNull();
    let active = token;
    for (let t = 4 * MIN; t <= HOUR; t += 4 * MIN) {
      at(t);
      active = (await jwt({ ...active })) as JWT;
      expect(active).not.toBeNull();
    }
    at(HOUR + 4 * MIN);
    expect(await jwt({ ...active })).toBeNull();
  });

  it("refuses tokens without a user or without timestamps (forged or legacy)", async () => {
    at(0);
    expect(await jwt({ email: "x@e2e.test", loginAt: T0, lastSeen: T0 })).toBeNull();
    expect(await jwt({ uid: "u-1", email: "x@e2e.test" })).toBeNull();
  });
});
