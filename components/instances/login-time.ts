// How the console words a login's expiry: "42 min", "35 s", "2 h 5 min", "14:32". Pure, client-safe.
import type { LoginLeaseView } from "@/lib/logins/types";

/** Below this, countdowns show seconds and tick every second. */
export const SECONDS_BELOW_MS = 2 * 60_000;

/** A span of time the way a countdown says it: `35 s` under 2 minutes, `42 min`, `2 h 5 min`, `3 h`. */
export function formatSpan(ms: number): string {
  if (ms < SECONDS_BELOW_MS) return `${Math.max(0, Math.ceil(ms / 1000))} s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** A preset's label: `15 min`, `1 h`, `4 h`. */
export const minutesLabel = (minutes: number) => formatSpan(minutes * 60_000);

const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

/** `14:32` today, `Wed 3 Dec, 09:10` another day: the viewer's local time. */
export function clockTime(at: Date | string, now = Date.now()): string {
  const d = typeof at === "string" ? new Date(at) : at;
  const time = d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  if (sameDay(d, new Date(now))) return time;
  return `${d.toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short" })}, ${time}`;
}

/** The exact local time with seconds and the time zone, for hover text and screen readers. */
export const exactTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, {
    dateStyle: "medium",
    timeStyle: "long",
  });

/** `Closes at 14:32 (in 1 h)` for a login that closes at `at`. */
export const closesAtSentence = (at: number, now: number) => `Closes at ${clockTime(new Date(at), now)} (in ${formatSpan(at - now)})`;

/** What a row shows about a held login; the label doubles as the clock's snapshot, so a row re-renders only when it changes. */
export type LeaseLabel = "no expiry" | "closing…" | "expiry failed: still open" | `closes in ${string}`;

export function leaseLabel(lease: LoginLeaseView, now: number): LeaseLabel {
  if (lease.state === "failed") return "expiry failed: still open";
  if (lease.expiresAt === null) return "no expiry";
  const left = Date.parse(lease.expiresAt) - now;
  if (lease.state === "closing" || left <= 0) return "closing…";
  return `closes in ${formatSpan(left)}`;
}

/** Whether the label can change within a slow tick: it then needs the clock every second. */
export function leaseNeedsSeconds(lease: LoginLeaseView, now: number, slowTickMs: number): boolean {
  if (lease.state !== "active" || lease.expiresAt === null) return false;
  const left = Date.parse(lease.expiresAt) - now;
  return left > 0 && left < SECONDS_BELOW_MS + slowTickMs;
}

/** The label before the browser has a clock of its own (server render, hydration): no "now", no time zone. */
export function leaseServerLabel(lease: LoginLeaseView): string {
  if (lease.state === "failed") return "expiry failed: still open";
  if (lease.expiresAt === null) return "no expiry";
  if (lease.state === "closing") return "closing…";
  return `closes at ${lease.expiresAt.slice(11, 16)} UTC`;
}

/** "opened by alice@example.com: TICKET-42" (the opener may be unknown for a moment after an adopt). */
export function openedBySentence(lease: LoginLeaseView): string {
  const who = lease.openedBy ? `opened by ${lease.openedBy}` : "opened";
  return lease.reason ? `${who}: ${lease.reason}` : who;
}
