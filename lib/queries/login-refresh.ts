import type { LoginState } from "../instances/view";

/** While a login is being closed at its expiry, how often its state is read again. */
export const CLOSING_REFRESH_MS = 5_000;
/** A read this long after a login's expiry finds it closed, or being closed. */
const AFTER_EXPIRY_MS = 2_000;

/**
 * When the logins shown should be read again because one of them expires: soon after the next
 * expiry, and every few seconds while one is past it but still open (the expiry pass closes it
 * through the engine, then ENS is read back). `false` when no expiry is coming.
 */
export function loginRefreshIn(logins: Iterable<LoginState>, now = Date.now()): number | false {
  let soonest = Infinity;
  for (const l of logins) {
    const lease = l.lease;
    if (!l.open || !lease || lease.state === "failed") continue;
    if (lease.state === "closing") return CLOSING_REFRESH_MS;
    if (lease.expiresAt === null) continue;
    const at = Date.parse(lease.expiresAt);
    if (at <= now) return CLOSING_REFRESH_MS;
    if (at < soonest) soonest = at;
  }
  return soonest === Infinity ? false : Math.max(1_000, soonest - now + AFTER_EXPIRY_MS);
}

/** `interval` (or never), made sooner by the next expiry among `logins`. */
export function soonerForExpiry(interval: number | false, logins: Iterable<LoginState>): number | false {
  const due = loginRefreshIn(logins);
  if (due === false) return interval;
  return interval === false ? due : Math.min(interval, due);
}
