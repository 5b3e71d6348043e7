import { useTranslations } from "next-intl";
import { knownError } from "@/lib/errors";
import { errorCodeKey } from "@/lib/i18n/error-key";

/**
 * A failure kept in a record (a share's history, an operation's items): its code's words in the
 * reader's language when the record holds the console's default words for that code, else the
 * words as recorded (ENS's own, or a sentence with details only the record has). Server and
 * client components alike.
 */
export function useRecordedErrorText(): (code: string, message: string | null) => string {
  const t = useTranslations("errors");
  return (code, message) => {
    const key = errorCodeKey(code) as "codes.Console_Network";
    const known = knownError(code);
    return known && (!message || message === known.message) && t.has(key) ? t(key) : (message ?? "");
  };
}
