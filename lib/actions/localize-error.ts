import { codeWords, knownError, wordsOf, wordsOrText, type ActionError, type MessageWords, type WordValue } from "../errors";
import { isShareOutcome } from "../images/view";
import { localizeMessage } from "../validation/localize";
import { DEFAULT_LOCALE, type Locale } from "../i18n/locales";
import { translator } from "../i18n/translator";

// The last step before an error leaves the server (the action wrapper, readRoute): its words in
// the caller's language. What was logged and audited before it stays English.

type LooseTranslator = (key: string, values?: Record<string, string | number>) => string;
const translators = new Map<Locale, LooseTranslator>();

function errorsTranslator(locale: Locale): LooseTranslator {
  let t = translators.get(locale);
  if (!t) {
    const all = translator(locale) as unknown as LooseTranslator;
    t = (key, values) => all(`errors.${key}`, values);
    translators.set(locale, t);
  }
  return t;
}

function render(t: LooseTranslator, words: MessageWords): string {
  const values: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(words.values ?? {})) values[name] = value(t, v);
  return t(words.key, values);
}

function value(t: LooseTranslator, v: WordValue): string | number {
  if (typeof v === "string" || typeof v === "number") return v;
  if (Array.isArray(v)) return v.map((w: MessageWords) => render(t, w)).join(t("separator"));
  return render(t, v as MessageWords);
}

/** `words` said in `locale`. */
export function renderWords(words: MessageWords, locale: Locale): string {
  return render(errorsTranslator(locale), words);
}

/** A code's message said in `locale` when it is the console's default for the code; else as given (ENS's own words). */
export function localizeCodeMessage(code: string, message: string, locale: Locale): string {
  if (locale === DEFAULT_LOCALE) return message;
  const w = wordsOrText(code, message);
  return typeof w === "string" ? w : renderWords(w, locale);
}

/**
 * `error` as the caller reads it in `locale`: the message by the words it carries, else by its
 * code when it is the code's default, else as it is (what ENS said); field errors by their
 * `validation` keys; a share's per-batch messages by their codes. English is returned unchanged.
 */
export function localizeError(error: ActionError, locale: Locale): ActionError {
  if (locale === DEFAULT_LOCALE) return error;
  const words = wordsOf(error) ?? (knownError(error.code)?.message === error.message ? codeWords(error.code) : undefined);
  const out: ActionError = { ...error, ...(words ? { message: renderWords(words, locale) } : {}) };
  if (error.fieldErrors)
    out.fieldErrors = Object.fromEntries(Object.entries(error.fieldErrors).map(([k, m]) => [k, localizeMessage(m, locale)]));
  if (isShareOutcome(error.details)) {
    const d = error.details;
    out.details = {
      ...d,
      batches: d.batches.map((b) =>
        b.ok || !b.code || !b.message ? b : { ...b, message: localizeCodeMessage(b.code, b.message, locale) },
      ),
    };
  }
  return out;
}
