import type { ActionError } from "@/lib/actions/result";
import type { z } from "@/lib/validation/zod";

/** A form's own check failed (the zod schema the action also uses): its first message per field. */
export function invalidInput(error: z.ZodError): ActionError {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[issue.path.map(String).join(".") || "input"] ??= issue.message;
  return { code: "Console.InvalidInput", message: "Check the values below.", fieldErrors };
}

/** What a server action answers when the console cannot be reached at all. */
export const UNREACHABLE: ActionError = { code: "Console.Network", message: "The console could not be reached." };
