import { and, eq, sql } from "drizzle-orm";
import { completionOf, withAudit, type AuditTx } from "../audit/append";
import { queryRows, type Db } from "../db/client";
import { users, type UserRow } from "../db/schema";
import { normalizeValidEmail } from "./sign-in-input";
import { signInEvent, type SignInAttempt } from "./audit-sign-in";
import { needsRehash, rehashPassword, verifyPassword } from "./password";
import { findUserByEmail } from "./users";
import { inRequestContext, setRequestUser } from "../log/context";
import { logger } from "../log/logger";

const log = logger("auth");

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
  | { ok: false; code: "Console.InvalidCredentials" | "Console.TooManyAttempts" | "Console.InvalidEmail"; retryAfterSeconds?: number };

interface Counts {
  pair: number;
  pairLast: number | null;
  ip: number;
  account: number;
  accountLast: number | null;
}

/**
 * Failed attempts in the window, counting attempts still being checked (a `requested` sign-in with
 * no `completed` yet) as failures: they are reservations, so parallel guesses cannot all pass.
 */
async function recentFailures(tx: AuditTx, email: string, ip: string | null, now: number): Promise<Counts> {
  const since = new Date(now - WINDOW_MS).toISOString();
  const [row] = await queryRows<{ pair: number; pair_last: Date | null; ip: number; account: number; account_last: Date | null }>(
    tx,
    sql`
    WITH counted AS (
      SELECT r.actor_email, r.source_ip, r.at FROM audit_events r
      WHERE r.action = 'auth.sign_in' AND r.at > ${since} AND (r.actor_email = ${email} OR r.source_ip IS NOT DISTINCT FROM ${ip})
        AND (
          (r.phase = 'completed' AND r.outcome = 'failure' AND r.error_code = 'Console.InvalidCredentials')
          OR (r.phase = 'requested' AND NOT EXISTS (SELECT 1 FROM audit_events c WHERE c.operation_id = r.operation_id AND c.phase = 'completed'))
        )
    )
    SELECT
      count(*) FILTER (WHERE actor_email = ${email} AND source_ip IS NOT DISTINCT FROM ${ip})::int AS pair,
      max(at) FILTER (WHERE actor_email = ${email} AND source_ip IS NOT DISTINCT FROM ${ip}) AS pair_last,
      count(*) FILTER (WHERE source_ip IS NOT DISTINCT FROM ${ip})::int AS ip,
      count(*) FILTER (WHERE actor_email = ${email})::int AS account,
      max(at) FILTER (WHERE actor_email = ${email}) AS account_last
    FROM counted`,
  );
  const t = (d: Date | string | null) => (d ? new Date(d).getTime() : null);
  return {
    pair: Number(row.pair),
    pairLast: t(row.pair_last),
    ip: Number(row.ip),
    account: Number(row.account),
    accountLast: t(row.account_last),
  };
}

export function throttleDelayMs(c: Counts, now: number): number {
  let until = 0;
  if (c.pair >= PAIR_FREE && c.pairLast)
    until = Math.max(until, c.pairLast + Math.min(PAIR_BASE_MS * 2 ** (c.pair - PAIR_FREE), PAIR_MAX_MS));
  if (c.account >= ACCOUNT_FREE && c.accountLast) until = Math.max(until, c.accountLast + ACCOUNT_DELAY_MS);
  if (c.ip >= IP_MAX) until = Math.max(until, now + WINDOW_MS / 3);
  return Math.max(0, until - now);
}

/**
 * Checks a password sign-in, throttles abuse, and audits every attempt. A malformed email is
 * refused before anything is recorded or checked. Otherwise the attempt is counted and reserved
 * (its `requested` event) in one transaction under the audit append lock, so parallel guesses and
 * replicas see each other; the password is checked outside that lock; the `completed` event
 * records the outcome.
 */
export function attemptLogin(
  db: Db,
  input: { email: string; password: string; ip: string | null; userAgent: string | null },
): Promise<LoginResult> {
  // One line per attempt (never the password): who, from where, how it ended, how long it took.
  return inRequestContext({ action: "auth.sign_in" }, async () => {
    const started = performance.now();
    const r = await checkLogin(db, input);
    const fields = {
      action: "auth.sign_in",
      // A malformed "email" is not logged: it may be a password typed in the wrong field.
      user: normalizeValidEmail(input.email) ?? undefined,
      ip: input.ip,
      outcome: r.ok ? "success" : "failure",
      code: r.ok ? undefined : r.code,
    };
    if (r.ok) setRequestUser(r.user);
    log.info({ ...fields, durationMs: Math.round(performance.now() - started) }, `sign-in ${fields.outcome}`);
    return r;
  });
}

async function checkLogin(
  db: Db,
  input: { email: string; password: string; ip: string | null; userAgent: string | null },
): Promise<LoginResult> {
  const email = normalizeValidEmail(input.email);
  if (!email) return { ok: false, code: "Console.InvalidEmail" };
  const attempt: SignInAttempt = { email, method: "password", outcome: "failure", ip: input.ip, userAgent: input.userAgent };
  const now = Date.now();

  const reserved = await withAudit(db, async (tx, audit) => {
    const wait = throttleDelayMs(await recentFailures(tx, email, input.ip, now), now);
    if (wait > 0) {
      const retryAfterSeconds = Math.ceil(wait / 1000);
      await audit(signInEvent({ ...attempt, error: { code: "Console.TooManyAttempts", message: `Throttled for ${retryAfterSeconds} s` } }));
      return { retryAfterSeconds };
    }
    const [requested] = await audit(signInEvent(attempt, "requested"));
    return { requested: requested! };
  });
  const requested = reserved.requested;
  if (!requested) return { ok: false, code: "Console.TooManyAttempts", retryAfterSeconds: reserved.retryAfterSeconds };

  const user = await findUserByEmail(db, email);
  const passwordOk = await verifyPassword(input.password, user?.passwordHash);
  const ok = Boolean(user && passwordOk && !user.disabled);
  const actor = { id: user?.id ?? null, email, role: user?.role ?? null };
  // A hash in an older format is replaced on the first successful check (bcrypt → scrypt).
  const newHash = ok && needsRehash(user!.passwordHash) ? await rehashPassword(input.password) : null;

  await withAudit(db, async (tx, audit) => {
    if (newHash)
      await tx
        .update(users)
        .set({ passwordHash: newHash })
        .where(and(eq(users.id, user!.id), eq(users.passwordHash, user!.passwordHash!)));
    await audit(
      ok
        ? completionOf(requested, { outcome: "success", actor })
        : completionOf(requested, {
            outcome: "failure",
            actor,
            errorCode: "Console.InvalidCredentials",
            errorMessage: user?.disabled ? "Account disabled" : "Wrong email or password",
          }),
    );
  });
  return ok ? { ok: true, user: user! } : { ok: false, code: "Console.InvalidCredentials" };
}
