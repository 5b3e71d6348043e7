import { z } from "./zod";

/**
 * The one rule for text a person types that the console stores, audits or sends on (reasons, key
 * names, filters): no control characters (C0, DEL, C1), no format characters (bidi overrides and
 * isolates, zero-width characters), no line or paragraph separators, and well-formed UTF-16 (no
 * lone surrogates). Such characters are invisible or reorder what is shown, so a record could
 * read differently from what it holds. Client-safe: the forms check it before submitting.
 */
export const PLAIN_TEXT_MESSAGE = "Control and invisible formatting characters are not allowed.";

const NOT_PLAIN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
// Key material may span lines: tab, line feed and carriage return are its only controls.
const NOT_PLAIN_EXCEPT_LINES = /[^\P{Cc}\t\n\r]|[\p{Cf}\u2028\u2029]/u;

export function isPlainText(s: string, { lines = false }: { lines?: boolean } = {}): boolean {
  return s.isWellFormed() && !(lines ? NOT_PLAIN_EXCEPT_LINES : NOT_PLAIN).test(s);
}

/** `schema` refusing anything but plain text (see `isPlainText`), with the one message. */
export function plainText<T extends z.ZodType<string>>(schema: T, opts?: { lines?: boolean }) {
  return schema.refine((v) => isPlainText(v, opts), PLAIN_TEXT_MESSAGE);
}
