import { Cron } from "croner";

// When a schedule runs: a cron rule read in the schedule's time zone (a daylight-saving zone
// included: a time the clocks skip runs at the next valid instant, a repeated hour runs once), or
// one time. Pure, with the clock given, so the tests control it. Client-safe: the form previews
// the next runs with it.

/** The zones the form offers first; any IANA zone the runtime knows is accepted. */
export const COMMON_TIME_ZONES = ["Asia/Shanghai", "UTC", "Asia/Singapore", "Europe/Berlin", "America/New_York"] as const;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Why a cron rule cannot be used, or null: five fields (minute hour day month weekday), as crontab. */
export function cronProblem(rule: string): string | null {
  const fields = rule.trim().split(/\s+/);
  if (fields.length !== 5) return "Five fields: minute, hour, day of month, month, day of week (e.g. 0 2 * * *).";
  try {
    // Valid but never due (31 February): a schedule that would never run is refused, not kept.
    if (!new Cron(rule.trim(), { paused: true }).nextRun()) return "This rule never runs (e.g. 31 February).";
    return null;
  } catch {
    return "Not a valid cron rule: a value is out of range or not understood (e.g. 0 2 * * 1-5).";
  }
}

/** The next `n` runs after `from` (exclusive). */
export function nextRuns(rule: string, timeZone: string, from: Date, n: number): Date[] {
  return new Cron(rule.trim(), { paused: true, timezone: timeZone }).nextRuns(n, from);
}

/** Every run in (after, upTo], at most `limit` (the newest kept when there are more). */
export function runsBetween(rule: string, timeZone: string, after: Date, upTo: Date, limit = 1000): Date[] {
  const cron = new Cron(rule.trim(), { paused: true, timezone: timeZone });
  const out: Date[] = [];
  let cursor = after;
  for (;;) {
    const next = cron.nextRun(cursor);
    if (!next || next.getTime() > upTo.getTime()) break;
    out.push(next);
    if (out.length > limit) out.shift();
    cursor = next;
  }
  return out;
}

export interface DueDecision {
  /** The occurrence to run now, if one is within the grace window. */
  run: Date | null;
  /** Occurrences that fell while no console ran and are past the grace window: recorded `missed`. */
  missed: Date[];
}

/**
 * What is due at `now` for a schedule last checked at `checkedUpTo`: of the occurrences since,
 * the newest runs once if it is at most `graceMs` old; every other one is missed (a console that
 * was down for a day does not run a nightly job seven times on start).
 */
export function dueAt(occurrences: readonly Date[], now: Date, graceMs: number): DueDecision {
  if (!occurrences.length) return { run: null, missed: [] };
  const newest = occurrences[occurrences.length - 1];
  const older = occurrences.slice(0, -1);
  if (now.getTime() - newest.getTime() <= graceMs) return { run: newest, missed: [...older] };
  return { run: null, missed: [...occurrences] };
}
