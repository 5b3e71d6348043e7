import type { ActionError } from "@/lib/actions/result";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";
import { localizeIssue, localizeMessage } from "@/lib/validation/localize";
import type { z } from "@/lib/validation/zod";

const CHECK_BELOW = "Check the values below.";

/**
 * A form's own check failed (the zod schema the action also uses): its first message per field,
 * in `locale` (the form's `useLocale()`); English when none is given.
 */
export function invalidInput(error: z.ZodError, locale: Locale = DEFAULT_LOCALE): ActionError {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[issue.path.map(String).join(".") || "input"] ??= localizeIssue(issue, locale);
  return { code: "Console.InvalidInput", message: localizeMessage(CHECK_BELOW, locale), fieldErrors };
}

/** What a server action answers when the console cannot be reached at all (error-toast says it by its code). */
export const UNREACHABLE: ActionError = { code: "Console.Network", message: "The console could not be reached." };
