import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import type { UserRow } from "../db/schema";
import { auditSignIn } from "./audit-sign-in";
import { verifyPassword } from "./password";
import { findUserByEmail, normalizeEmail } from "./users";

const WINDOW_MS = 15 * 60_000;
/** Per account and source address: back off exponentially after 5 failures, at most 15 minutes. */
const PAIR_FREE = 5;
const PAIR_BASE_MS = 30_000;
const PAIR_MAX_MS = 15 * 60_000;
/** Per source address, whatever the account: 30 failures close it for the rest of the window. */
const IP_MAX = 30;
/**
 * Per account from anywhere: past 20 failures, each new attempt waits 30 s after the last failure.
 * Kept short on purpose: a distributed attacker can slow a real user down, not lock them out.
 */
const ACCOUNT_FREE = 20;
const ACCOUNT_DELAY_MS = 30_000;

export type LoginResult =
  | { ok: true; user: UserRow }
  | { ok: false; code: "Console.InvalidCredentials" | "Console.TooManyAttempts"; retryAfterSeconds?: number };

interface Counts {
  pair: number;
  pairLast: number | null;
  ip: number;
  account: number;
  accountLast: number | null;
}

async function recentFailures(db: Db, email: string, ip: string | null, now: number): Promise<Counts> {
  const since = new Date(now - WINDOW_MS).toISOString();
  const [row] = await queryRows<{ pair: number; pair_last: Date | null; ip: number; account: number; account_last: Date | null }>(db, sql`
    SELECT
      count(*) FILTER (WHERE actor_email = ${email} AND source_ip IS NOT DISTINCT FROM ${ip})::int AS pair,
      max(at) FILTER (WHERE actor_email = ${email} AND source_ip IS NOT DISTINCT FROM ${ip}) AS pair_last,
      count(*) FILTER (WHERE source_ip IS NOT DISTINCT FROM ${ip})::int AS ip,
      count(*) FILTER (WHERE actor_email = ${email})::int AS account,
      max(at) FILTER (WHERE actor_email = ${email}) AS account_last
    FROM audit_events
    WHERE action = 'auth.sign_in' AND outcome = 'failure' AND error_code = 'Console.InvalidCredentials'
      AND at > ${since} AND (actor_email = ${email} OR source_ip IS NOT DISTINCT FROM ${ip})`);
  const t = (d: Date | string | null) => (d ? new Date(d).getTime() : null);
  return { pair: Number(row.pair), pairLast: t(row.pair_last), ip: Number(row.ip), account: Number(row.account), accountLast: t(row.account_last) };
}

export function throttleDelayMs(c: Counts, now: number): number {
  let until = 0;
  if (c.pair >= PAIR_FREE && c.pairLast) until = Math.max(until, c.pairLast + Math.min(PAIR_BASE_MS * 2 ** (c.pair - PAIR_FREE), PAIR_MAX_MS));
  if (c.account >= ACCOUNT_FREE && c.accountLast) until = Math.max(until, c.accountLast + ACCOUNT_DELAY_MS);
  if (c.ip >= IP_MAX) until = Math.max(until, now + WINDOW_MS / 3);
  return Math.max(0, until - now);
}

/** Checks a password sign-in, throttles abuse, and audits every attempt. */
export async function attemptLogin(
  db: Db,
  input: { email: string; password: string; ip: string | null; userAgent: string | null },
): Promise<LoginResult> {
  const email = normalizeEmail(input.email).slice(0, 320);
  const now = Date.now();
  const audit = (outcome: "success" | "failure", user: UserRow | undefined, errorCode?: string, errorMessage?: string) =>
    auditSignIn(db, { email, user, method: "password", outcome, error: errorCode ? { code: errorCode, message: errorMessage ?? "" } : undefined, ip: input.ip, userAgent: input.userAgent });

  const wait = throttleDelayMs(await recentFailures(db, email, input.ip, now), now);
  if (wait > 0) {
    const retryAfterSeconds = Math.ceil(wait / 1000);
    await audit("failure", undefined, "Console.TooManyAttempts", `Throttled for ${retryAfterSeconds} s`);
    return { ok: false, code: "Console.TooManyAttempts", retryAfterSeconds };
  }
  const user = await findUserByEmail(db, email);
  const passwordOk = await verifyPassword(input.password, user?.passwordHash);
  if (!user || !passwordOk || user.disabled) {
    await audit("failure", user, "Console.InvalidCredentials", user?.disabled ? "Account disabled" : "Wrong email or password");
    return { ok: false, code: "Console.InvalidCredentials" };
  }
  await audit("success", user);
  return { ok: true, user };
}
