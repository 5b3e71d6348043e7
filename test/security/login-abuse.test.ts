import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { attemptLogin } from "@/lib/auth/login";
import { createUser } from "@/lib/auth/users";
import { queryRows } from "@/lib/db/client";
import { freshDb } from "../support/db";

const VICTIM = "victim@abuse.test";
const PASSWORD = "the-real-password-123";
const ATTACKER_IP = "203.0.113.66";
const USER_IP = "198.51.100.7";

let h: Awaited<ReturnType<typeof freshDb>>;
const signIns = async (where = sql`true`) =>
  queryRows<{ outcome: string; error_code: string | null; source_ip: string | null; actor_email: string }>(
    h.db,
    sql`SELECT outcome, error_code, source_ip, actor_email FROM audit_events WHERE action = 'auth.sign_in' AND phase = 'completed' AND ${where} ORDER BY id`,
  );

/**
 * `ms` pass for the throttle: every recorded sign-in grows that much older. The database keeps its
 * own clock (PGlite runs on a thread of its own, where a mocked Date.now does not reach), so time
 * passes in the rows; the append-only trigger is lifted for that one statement of the test.
 */
async function later(ms: number) {
  await h.exec(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
    UPDATE audit_events SET at = at - make_interval(secs => ${ms / 1000}) WHERE action = 'auth.sign_in';
    ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;`);
}

beforeAll(async () => {
  h = await freshDb("pglite");
  await createUser(h.db, { email: VICTIM, role: "operator", password: PASSWORD });
  await createUser(h.db, { email: "other@abuse.test", role: "viewer", password: PASSWORD });
});
afterAll(async () => h?.drop());
afterEach(() => vi.restoreAllMocks());
// Hundreds of audited attempts on a shared, sometimes busy machine.
vi.setConfig({ testTimeout: 120_000 });

describe("password guessing", () => {
  it("100 wrong passwords from one address are blocked after 5; the real user from another address gets in; every attempt is audited", async () => {
    const results = [];
    for (let i = 0; i < 100; i++) {
      results.push(await attemptLogin(h.db, { email: VICTIM, password: `guess-${i}`, ip: ATTACKER_IP, userAgent: "hydra" }));
    }
    const checked = results.filter((r) => !r.ok && r.code === "Console.InvalidCredentials").length;
    const throttled = results.filter((r) => !r.ok && r.code === "Console.TooManyAttempts");
    expect(results.some((r) => r.ok)).toBe(false);
    expect(checked).toBe(5);
    expect(throttled).toHaveLength(95);
    for (const r of throttled) expect(!r.ok && r.retryAfterSeconds).toBeGreaterThan(0);

    // Even the right password is refused from the attacking address while it is throttled.
    const fromAttacker = await attemptLogin(h.db, { email: VICTIM, password: PASSWORD, ip: ATTACKER_IP, userAgent: "hydra" });
    expect(fromAttacker).toMatchObject({ ok: false, code: "Console.TooManyAttempts" });

    // The real user, elsewhere, is not locked out.
    const real = await attemptLogin(h.db, { email: VICTIM, password: PASSWORD, ip: USER_IP, userAgent: "browser" });
    expect(real.ok).toBe(true);

    const rows = await signIns(sql`actor_email = ${VICTIM}`);
    expect(rows).toHaveLength(102);
    expect(rows.filter((r) => r.error_code === "Console.InvalidCredentials")).toHaveLength(5);
    expect(rows.filter((r) => r.error_code === "Console.TooManyAttempts")).toHaveLength(96);
    expect(rows.filter((r) => r.outcome === "success" && r.source_ip === USER_IP)).toHaveLength(1);
  });

  it("the backoff grows once it expires: the attacker gets one more guess, then a longer wait", async () => {
    await later(31_000);
    const next = await attemptLogin(h.db, { email: VICTIM, password: "guess-after", ip: ATTACKER_IP, userAgent: "hydra" });
    expect(next).toMatchObject({ ok: false, code: "Console.InvalidCredentials" });
    const after = await attemptLogin(h.db, { email: VICTIM, password: "guess-after-2", ip: ATTACKER_IP, userAgent: "hydra" });
    expect(after).toMatchObject({ ok: false, code: "Console.TooManyAttempts" });
    expect(!after.ok && after.retryAfterSeconds).toBeGreaterThan(31);
  });

  it("one address spraying many accounts is closed after 30 failures", async () => {
    const ip = "203.0.113.99";
    const codes: string[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await attemptLogin(h.db, { email: `spray-${i}@abuse.test`, password: "x", ip, userAgent: "spray" });
      codes.push(r.ok ? "ok" : r.code);
    }
    expect(codes.filter((c) => c === "Console.InvalidCredentials")).toHaveLength(30);
    expect(codes.slice(30).every((c) => c === "Console.TooManyAttempts")).toBe(true);
    // A real account from that address is refused too while the address is closed.
    expect(await attemptLogin(h.db, { email: "other@abuse.test", password: PASSWORD, ip, userAgent: "spray" })).toMatchObject({
      code: "Console.TooManyAttempts",
    });
  });

  it("a distributed attack slows the account down briefly but never locks the real user out", async () => {
    const email = "other@abuse.test";
    for (let i = 0; i < 25; i++) await attemptLogin(h.db, { email, password: `g${i}`, ip: `192.0.2.${i + 1}`, userAgent: "botnet" });
    const slowed = await attemptLogin(h.db, { email, password: PASSWORD, ip: USER_IP, userAgent: "browser" });
    expect(slowed).toMatchObject({ ok: false, code: "Console.TooManyAttempts" });
    expect(!slowed.ok && slowed.retryAfterSeconds).toBeLessThanOrEqual(30);
    await later(31_000);
    expect((await attemptLogin(h.db, { email, password: PASSWORD, ip: USER_IP, userAgent: "browser" })).ok).toBe(true);
  });
});
