import { DEFAULT_LOCALE, type Locale } from "./locales";

/**
 * How many language ranges of one Accept-Language header are read. Browsers send a handful; the
 * header is anonymous input, so its cost must not grow with its length (a header of a thousand
 * ranges once cost seconds of the event loop before the request was even refused).
 */
export const MAX_LANGUAGE_RANGES = 16;
/** Characters of the header read at most: MAX_LANGUAGE_RANGES generous ranges. */
const MAX_HEADER_CHARS = 512;

const RANGE = /^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*)?$/;

/** Each of the two console languages by the primary subtag that asks for it: any Chinese reads zh-CN. */
function localeOfRange(range: string): Locale | null {
  const primary = range.split("-", 1)[0].toLowerCase();
  if (primary === "zh") return "zh-CN";
  if (primary === "en") return "en";
  return null;
}

/**
 * The console language that fits a browser's Accept-Language best (zh, zh-Hans, zh-TW → zh-CN;
 * en-GB → en), else English. A lookup over at most MAX_LANGUAGE_RANGES ranges against the two
 * languages: constant work per request, nothing remembered between requests.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const parts = acceptLanguage.slice(0, MAX_HEADER_CHARS).split(",", MAX_LANGUAGE_RANGES);
  let best: { locale: Locale; q: number } | null = null;
  for (const part of parts) {
    const m = RANGE.exec(part);
    if (!m || m[1] === "*") continue;
    const q = m[2] === undefined ? 1 : Number(m[2]);
    const locale = localeOfRange(m[1]);
    // Ties keep the earlier range: the header's order is the browser's order of preference.
    if (locale && q > 0 && (!best || q > best.q)) best = { locale, q };
  }
  return best?.locale ?? DEFAULT_LOCALE;
}
