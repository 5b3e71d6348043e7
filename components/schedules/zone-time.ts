// Times in a schedule's own time zone (not the viewer's): the same text on the server and in the
// browser, so a server-rendered time never changes on hydration. Client-safe, pure.

const pad = (n: number) => String(n).padStart(2, "0");

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(date: Date, timeZone: string): Record<"year" | "month" | "day" | "hour" | "minute" | "second", number> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of f.formatToParts(date)) if (p.type in out) out[p.type as keyof typeof out] = Number(p.value);
  return out;
}

/** `2026-12-08 02:00` as the clocks of `timeZone` read at `iso`. */
export function formatInZone(iso: string | Date, timeZone: string): string {
  const p = partsIn(new Date(iso), timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** The value of a `datetime-local` input (`2026-12-08T02:00`) for `iso` in `timeZone`. */
export function wallTimeOf(iso: string, timeZone: string): string {
  return formatInZone(iso, timeZone).replace(" ", "T");
}

/** How far `timeZone`'s clocks are ahead of UTC at `date`, in ms. */
function offsetAt(date: Date, timeZone: string): number {
  const p = partsIn(date, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/**
 * The instant `timeZone`'s clocks read `wall` (`2026-12-08T02:00`, a `datetime-local` value), as an
 * ISO time in UTC; null when `wall` is not such a value.
 */
export function instantOf(wall: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(wall.trim());
  if (!m) return null;
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(guess)) return null;
  try {
    // Twice: the offset at the first answer may differ from the offset at the guess (a clock change between them).
    let at = guess - offsetAt(new Date(guess), timeZone);
    at = guess - offsetAt(new Date(at), timeZone);
    return new Date(at).toISOString();
  } catch {
    return null;
  }
}

/** "Stop when failures exceed": `5` (a count) or `10%` (a percentage); empty is no limit; null when neither. */
export function parseStopFailures(text: string): { stopFailuresCount?: number; stopFailuresPercent?: number } | null {
  const v = text.trim();
  if (!v) return {};
  let m = /^(\d+)$/.exec(v);
  if (m) return { stopFailuresCount: Number(m[1]) };
  m = /^(\d+)\s*%$/.exec(v);
  if (m) return { stopFailuresPercent: Number(m[1]) };
  return null;
}

/** The field's text for a schedule's stored limit. */
export function stopFailuresText(s: { stopFailuresCount: number | null; stopFailuresPercent: number | null }): string {
  return s.stopFailuresCount !== null ? String(s.stopFailuresCount) : s.stopFailuresPercent !== null ? `${s.stopFailuresPercent}%` : "";
}
