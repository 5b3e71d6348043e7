// Validation messages in the reader's language, for the action wrapper and the client forms alike.
// The schemas keep their English messages (the audit log and the tests read them); a message is
// found again by its English in messages/en/validation.json and said in the other language, and
// zod's own messages come from zod's locales. Client-safe: only the two validation files, no
// server code.

import { createTranslator } from "next-intl";
// One file per locale rather than the index of every language (the browser gets the two it needs).
import zodEn from "zod/v4/locales/en.js";
import zodZhCN from "zod/v4/locales/zh-CN.js";
import enMessages from "@/messages/en/validation.json";
import zhMessages from "@/messages/zh-CN/validation.json";
import { DEFAULT_LOCALE, type Locale } from "../i18n/locales";
import { z } from "./zod";

type Tree = { [k: string]: string | Tree };
type Issue = z.core.$ZodIssue;

const MESSAGES: Record<Locale, Tree> = { en: enMessages, "zh-CN": zhMessages };
const ZOD_LOCALES: Record<Locale, () => { localeError: z.core.$ZodErrorMap }> = { en: zodEn, "zh-CN": zodZhCN };

interface Pattern {
  key: string;
  names: string[];
  re: RegExp;
  /** Characters outside the arguments: the more, the more specific the pattern. */
  fixed: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function flatten(tree: Tree, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [[prefix + k, v]] : flatten(v, `${prefix}${k}.`)));
}

// Validation messages take simple `{name}` arguments only (lib/i18n/test checks it).
function compile(key: string, template: string): Pattern {
  const parts = template.split(/\{(\w+)\}/);
  const names = parts.filter((_, i) => i % 2 === 1);
  const literals = parts.filter((_, i) => i % 2 === 0);
  return {
    key,
    names,
    re: new RegExp(`^${literals.map(escape).join("(.+?)")}$`, "s"),
    fixed: literals.join("").length,
  };
}

let index: { exact: Map<string, string>; patterns: Pattern[] } | undefined;

function lookupIndex() {
  if (index) return index;
  const exact = new Map<string, string>();
  const patterns: Pattern[] = [];
  for (const [key, text] of flatten(MESSAGES.en)) {
    if (/\{\w+\}/.test(text)) patterns.push(compile(key, text));
    else if (!exact.has(text)) exact.set(text, key);
  }
  patterns.sort((a, b) => b.fixed - a.fixed);
  return (index = { exact, patterns });
}

/** The `validation` key whose English is `message`, with the arguments read back from it. */
export function validationWords(message: string): { key: string; values: Record<string, string> } | undefined {
  const { exact, patterns } = lookupIndex();
  const key = exact.get(message);
  if (key) return { key, values: {} };
  for (const p of patterns) {
    const m = p.re.exec(message);
    if (m) return { key: p.key, values: Object.fromEntries(p.names.map((n, i) => [n, m[i + 1]])) };
  }
  return undefined;
}

type LooseTranslator = (key: string, values?: Record<string, string>) => string;
const translators = new Map<Locale, LooseTranslator>();

function translate(locale: Locale, key: string, values: Record<string, string>): string {
  let t = translators.get(locale);
  if (!t) {
    t = createTranslator({ locale, messages: MESSAGES[locale] }) as unknown as LooseTranslator;
    translators.set(locale, t);
  }
  return t(key, values);
}

/** One validation message (a schema's English, or a text such as `uidProblem`'s) in `locale`; unknown text stays as it is. */
export function localizeMessage(message: string, locale: Locale): string {
  if (locale === DEFAULT_LOCALE) return message;
  const words = validationWords(message);
  return words ? translate(locale, words.key, words.values) : message;
}

const zodErrors = new Map<Locale, z.core.$ZodErrorMap>();

/** zod's own messages in `locale`, for `schema.safeParse(v, { error })`; never set globally (the server speaks both). */
export function zodErrorMap(locale: Locale): z.core.$ZodErrorMap {
  let map = zodErrors.get(locale);
  if (!map) {
    map = ZOD_LOCALES[locale]().localeError;
    zodErrors.set(locale, map);
  }
  return map;
}

function defaultMessage(issue: Issue, locale: Locale): string | undefined {
  const out = zodErrorMap(locale)(issue as unknown as z.core.$ZodRawIssue);
  return typeof out === "string" ? out : out?.message;
}

/**
 * An issue's message in `locale`: a console message by its `validation` key; zod's own English
 * (a built-in check with no message of ours) in zod's locale; anything else as it is.
 */
export function localizeIssue(issue: Issue, locale: Locale): string {
  if (locale === DEFAULT_LOCALE) return issue.message;
  const words = validationWords(issue.message);
  if (words) return translate(locale, words.key, words.values);
  if (issue.code !== "custom" && defaultMessage(issue, DEFAULT_LOCALE) === issue.message)
    return defaultMessage(issue, locale) ?? issue.message;
  return issue.message;
}

export function localizeIssues(issues: readonly Issue[], locale: Locale): Issue[] {
  return issues.map((issue) => ({ ...issue, message: localizeIssue(issue, locale) }));
}

/**
 * `schema.safeParse(value)` with every message in `locale`: zod's own from its locale (so those
 * that describe the input are exact), the console's by their keys.
 */
export function safeParseIn<S extends z.ZodType>(schema: S, value: unknown, locale: Locale): z.ZodSafeParseResult<z.output<S>> {
  if (locale === DEFAULT_LOCALE) return schema.safeParse(value);
  const r = schema.safeParse(value, { error: zodErrorMap(locale) });
  if (!r.success) for (const issue of r.error.issues) (issue as { message: string }).message = localizeIssue(issue, locale);
  return r;
}
