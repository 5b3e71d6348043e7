import type { ExampleInputs } from "../action-spec";
import { parseUtc } from "../audit/filter";
import { plainText } from "../validation/plain-text";
import { z } from "../validation/zod";

// The access review report's inputs: who could log in where, over a time range. One scope at a
// time: an instance, instances whose id starts with a prefix (or every instance), or a user.

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const text = (max: number) => z.preprocess(blankToUndefined, plainText(z.string().trim().max(max)).optional());
// `datetime-local` gives minutes without a zone; the console reads every such time as UTC (as the History does).
const DATE_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const dateText = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .regex(DATE_RE, "use a date like 2026-01-31T09:30 (UTC)")
    .refine((s) => {
      const d = parseUtc(s);
      return !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 9999;
    }, "not a real date between the years 1900 and 9999")
    .optional(),
);

export const REPORT_KEYS = ["instance", "prefix", "user", "from", "to"] as const;

const reportShape = {
  /** One instance, by its exact id. */
  instance: text(200),
  /** Instances whose id starts with this (none: every instance). */
  prefix: text(200),
  /** A user's email: logins they opened, and logins with their personal keys. */
  user: z.preprocess(blankToUndefined, plainText(z.string().trim().toLowerCase().max(320)).optional()),
  from: dateText,
  to: dateText,
};

const checked = <T extends { from?: string; to?: string; instance?: string; prefix?: string; user?: string }>(s: z.ZodType<T>) =>
  s
    .refine((f) => !(f.from && f.to) || parseUtc(f.from) <= parseUtc(f.to), { message: "the start must be before the end", path: ["to"] })
    .refine((f) => [f.instance, f.prefix, f.user].filter(Boolean).length <= 1, {
      message: "choose one of an instance, an instance prefix or a user",
      path: ["instance"],
    });

/** Strict: an unknown field is rejected, not silently dropped. */
export const accessReportFilter = checked(z.strictObject(reportShape));
export type AccessReportFilter = z.output<typeof accessReportFilter>;

export const exportAccessReportInput = checked(z.strictObject({ ...reportShape, format: z.enum(["csv", "jsonl"]).default("csv") }));
export type ExportAccessReportInput = z.output<typeof exportAccessReportInput>;

/** Standing access: personal keys not used in this many days count as stale. */
export const standingInput = z.strictObject({ days: z.coerce.number().int().min(1).max(3650).default(90) });

export const exampleInputs = {
  "report.access_export": { format: "jsonl", instance: "aic-0001", from: "2026-01-01", to: "2026-01-31" },
} satisfies ExampleInputs;

/** The default range: the last 30 days up to now. */
export const DEFAULT_RANGE_MS = 30 * 86_400_000;

/** The absolute range a filter means at `now`. */
export function reportRange(f: AccessReportFilter, now = new Date()): { from: Date; to: Date } {
  const to = f.to ? parseUtc(f.to) : now;
  const from = f.from ? parseUtc(f.from) : new Date(to.getTime() - DEFAULT_RANGE_MS);
  return { from, to };
}

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

/** The raw report fields of a URL's query (first value of each), for the schema to parse. */
export function rawReportFrom(sp: SearchParamsLike): Record<string, string | undefined> {
  const get = (k: string) => {
    if (sp instanceof URLSearchParams) return sp.get(k) ?? undefined;
    const v = sp[k];
    return Array.isArray(v) ? v[0] : v;
  };
  return Object.fromEntries(REPORT_KEYS.map((k) => [k, get(k)]));
}

export function reportToSearchParams(raw: Record<string, string | undefined>): URLSearchParams {
  const q = new URLSearchParams();
  for (const k of REPORT_KEYS) if (raw[k]) q.set(k, raw[k]!);
  return q;
}
