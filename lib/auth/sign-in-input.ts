import { z } from "../validation/zod";

/** RFC 5321's limit on a forward path; also the most an email can be anywhere in the console. */
export const MAX_EMAIL_LENGTH = 254;
export const MAX_PASSWORD_LENGTH = 1024;
export const INVALID_EMAIL = "Enter a valid email address.";

// Unicode "other" characters (controls, format characters such as bidi overrides and zero-width
// spaces, private use, unassigned, lone surrogates) and whitespace never belong in an address.
const OTHER_OR_SPACE = /[\p{C}\s]/u;
const LOCAL = /^[^@"<>()[\]\\,;:]{1,64}$/u;
const DOMAIN = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)(?:\.(?!-)[\p{L}\p{N}-]{1,63}(?<!-))*$/u;

/** True for an address the console can store, show and audit as it is. */
export function isValidEmail(email: string): boolean {
  if (email.length > MAX_EMAIL_LENGTH || !email.isWellFormed() || OTHER_OR_SPACE.test(email)) return false;
  const at = email.lastIndexOf("@");
  if (at < 1 || email.indexOf("@") !== at) return false;
  return LOCAL.test(email.slice(0, at)) && DOMAIN.test(email.slice(at + 1));
}

/** A sign-in email: trimmed and lower-cased, refused (never cut) when it is not a valid address. */
export const signInEmail = z
  .string()
  .max(MAX_EMAIL_LENGTH * 4, INVALID_EMAIL)
  .transform((s) => s.trim().toLowerCase())
  .refine(isValidEmail, INVALID_EMAIL);

/** Shared by the sign-in form and the credentials provider's `authorize`. */
export const signInInput = z.object({
  email: signInEmail,
  password: z.string().min(1, "Enter your password.").max(MAX_PASSWORD_LENGTH, "Wrong email or password."),
});

export type SignInInput = z.infer<typeof signInInput>;

/** The normalized address, or null when it is not one: for emails from elsewhere (an IdP, a CLI). */
export function normalizeValidEmail(raw: unknown): string | null {
  const r = signInEmail.safeParse(raw);
  return r.success ? r.data : null;
}
