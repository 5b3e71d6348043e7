import { z } from "../validation/zod";
import { plainText } from "../validation/plain-text";

import {
  DATE_PRESETS,
  FILTER_KEYS,
  filterToSearchParams,
  KNOWN_ACTIONS,
  OUTCOME_FILTERS,
  RANGES,
  ROW_OUTCOMES,
  type RowOutcome,
} from "./filter-params";

export { DATE_PRESETS, FILTER_KEYS, filterToSearchParams, KNOWN_ACTIONS, OUTCOME_FILTERS, RANGES, ROW_OUTCOMES, type RowOutcome };

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const text = (max: number) => z.preprocess(blankToUndefined, plainText(z.string().trim().max(max)).optional());
// `datetime-local` gives minutes without a zone; the console reads every such time as UTC.
const DATE_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const dateText = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .regex(DATE_RE, "use a date like 2026-01-31T09:30 (UTC)")
    .refine(isRealDate, "not a real date between the years 1900 and 9999")
    .optional(),
);

const filterShape = {
  actor: text(320),
  action: text(64),
  target: text(200),
  outcome: z.preprocess(blankToUndefined, z.enum(OUTCOME_FILTERS).optional()),
  bulk: text(100),
  range: z.preprocess(blankToUndefined, z.enum(RANGES).optional()),
  from: dateText,
  to: dateText,
  q: text(200),
};
const fromBeforeTo = <T extends { from?: string; to?: string }>(s: z.ZodType<T>) =>
  s.refine((f) => !(f.from && f.to) || parseUtc(f.from) <= parseUtc(f.to), { message: "the start must be before the end", path: ["to"] });

/** Strict: an unknown field is rejected, not silently dropped. */
export const historyFilterSchema = fromBeforeTo(z.strictObject(filterShape));

export type HistoryFilter = z.output<typeof historyFilterSchema>;

export const exportFormatSchema = z.enum(["csv", "jsonl"]);
export type ExportFormat = z.output<typeof exportFormatSchema>;
export const exportInputSchema = fromBeforeTo(z.strictObject({ ...filterShape, format: exportFormatSchema.default("csv") }));
export type ExportInput = z.output<typeof exportInputSchema>;

/** A calendar date that exists (no Feb 31, which Date rolls over) in years PostgreSQL accepts. */
function isRealDate(s: string): boolean {
  const d = parseUtc(s);
  const [y, m, day] = s.slice(0, 10).split("-").map(Number);
  const calendar = new Date(Date.UTC(y, m - 1, day));
  return (
    !Number.isNaN(d.getTime()) &&
    calendar.getUTCMonth() === m - 1 &&
    calendar.getUTCDate() === day &&
    y >= 1900 &&
    d.getUTCFullYear() <= 9999
  );
}

export function parseUtc(s: string): Date {
  const hasZone = /(Z|[+-]\d{2}:\d{2})$/.test(s);
  const withTime = s.includes("T") ? s : `${s}T00:00`;
  return new Date(hasZone ? withTime : `${withTime}Z`);
}

/** The absolute bounds a filter means at `now`: presets are relative, `custom` uses from/to. */
export function resolveRange(f: HistoryFilter, now = new Date()): { from?: Date; to?: Date } {
  if (f.range && f.range !== "custom") return { from: new Date(now.getTime() - DATE_PRESETS[f.range]) };
  return { from: f.from ? parseUtc(f.from) : undefined, to: f.to ? parseUtc(f.to) : undefined };
}

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

/** The raw filter fields of a URL's query (first value of each), for the schema to parse. */
export function rawFilterFrom(sp: SearchParamsLike): Record<string, string | undefined> {
  const get = (k: string) => {
    if (sp instanceof URLSearchParams) return sp.get(k) ?? undefined;
    const v = sp[k];
    return Array.isArray(v) ? v[0] : v;
  };
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, get(k)]));
}

export function parseFilter(sp: SearchParamsLike) {
  return historyFilterSchema.safeParse(rawFilterFrom(sp));
}

export function isFiltered(f: HistoryFilter): boolean {
  return FILTER_KEYS.some((k) => f[k] !== undefined);
}
