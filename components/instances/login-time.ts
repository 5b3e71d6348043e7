// How the console words a login's expiry: "42 min", "35 s", "2 h 5 min", "14:32", in the viewer's
// language. Pure, client-safe: the words come in from the caller's translator (useTimeWords).
import { useLocale, useTranslations } from "next-intl";
import type { LoginLeaseView } from "@/lib/logins/view";

/** Below this, countdowns show seconds and tick every second. */
export const SECONDS_BELOW_MS = 2 * 60_000;

/** The translator of `instances.time` and the language dates are written in. */
export interface TimeWords {
  t: ReturnType<typeof useTranslations<"instances.time">>;
  locale: string;
}

export function useTimeWords(): TimeWords {
  return { t: useTranslations("instances.time"), locale: useLocale() };
}

/** A span of time the way a countdown says it: `35 s` under 2 minutes, `42 min`, `2 h 5 min`, `3 h`. */
export function formatSpan({ t }: TimeWords, ms: number): string {
  if (ms < SECONDS_BELOW_MS) return t("seconds", { s: Math.max(0, Math.ceil(ms / 1000)) });
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return t("minutes", { m: minutes });
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? t("hoursMinutes", { h, m }) : t("hours", { h });
}

/** A preset's label: `15 min`, `1 h`, `4 h`. */
export const minutesLabel = (w: TimeWords, minutes: number) => formatSpan(w, minutes * 60_000);

const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

/** `14:32` today, `Wed, Dec 3, 09:10` another day: the viewer's local time. */
export function clockTime(w: TimeWords, at: Date | string, now = Date.now()): string {
  const d = typeof at === "string" ? new Date(at) : at;
  const time = d.toLocaleTimeString(w.locale, { hour: "2-digit", minute: "2-digit" });
  if (sameDay(d, new Date(now))) return time;
  return w.t("dayTime", { date: d.toLocaleDateString(w.locale, { weekday: "short", day: "numeric", month: "short" }), time });
}

/** The exact local time with seconds and the time zone, for hover text and screen readers. */
export const exactTime = (w: TimeWords, iso: string) =>
  new Date(iso).toLocaleString(w.locale, {
    dateStyle: "medium",
    timeStyle: "long",
  });

/** `Closes at 14:32 (in 1 h)` for a login that closes at `at`. */
export const closesAtSentence = (w: TimeWords, at: number, now: number) =>
  w.t("closesAt", { time: clockTime(w, new Date(at), now), span: formatSpan(w, at - now) });

/**
 * What a row shows about a held login ("closes in 42 min", "no expiry", "closing…", "expiry
 * failed: still open"); the label doubles as the clock's snapshot, so a row re-renders only when it changes.
 */
export function leaseLabel(w: TimeWords, lease: LoginLeaseView, now: number): string {
  if (lease.state === "failed") return w.t("failed");
  if (lease.expiresAt === null) return w.t("noExpiry");
  const left = Date.parse(lease.expiresAt) - now;
  if (lease.state === "closing" || left <= 0) return w.t("closing");
  return w.t("closesIn", { span: formatSpan(w, left) });
}

/** Whether the label can change within a slow tick: it then needs the clock every second. */
export function leaseNeedsSeconds(lease: LoginLeaseView, now: number, slowTickMs: number): boolean {
  if (lease.state !== "active" || lease.expiresAt === null) return false;
  const left = Date.parse(lease.expiresAt) - now;
  return left > 0 && left < SECONDS_BELOW_MS + slowTickMs;
}

/** The label before the browser has a clock of its own (server render, hydration): no "now", no time zone. */
export function leaseServerLabel({ t }: TimeWords, lease: LoginLeaseView): string {
  if (lease.state === "failed") return t("failed");
  if (lease.expiresAt === null) return t("noExpiry");
  if (lease.state === "closing") return t("closing");
  return t("closesAtUtc", { time: lease.expiresAt.slice(11, 16) });
}

/** "opened by alice@example.com: TICKET-42" (the opener may be unknown for a moment after an adopt). */
export function openedBySentence({ t }: TimeWords, lease: LoginLeaseView): string {
  if (lease.openedBy)
    return lease.reason ? t("openedByReason", { who: lease.openedBy, reason: lease.reason }) : t("openedBy", { who: lease.openedBy });
  return lease.reason ? t("openedReason", { reason: lease.reason }) : t("opened");
}
