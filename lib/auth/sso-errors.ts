/**
 * What the login page says after a sign-in that Auth.js redirected back to it
 * (`/login?error=<type>[&code=<code>]`). Only these known codes pick a sentence; anything else in
 * the address (another code, free text) gets the general one. Keys of `auth.login.errors`.
 */
const BY_CODE = {
  "Console.Forbidden": "ssoNoRole",
  "Console.SsoEmailUnverified": "ssoEmailUnverified",
  "Console.SsoNoEmail": "ssoNoEmail",
  "Console.SsoInvalidEmail": "ssoInvalidEmail",
  "Console.SsoNoSubject": "ssoNoSubject",
  "Console.AccountDisabled": "accountDisabled",
  "Console.SsoIdentityMismatch": "ssoIdentityMismatch",
  "Console.SsoLinkRequired": "ssoLinkRequired",
  "Console.LastAdmin": "ssoLastAdmin",
  "Console.SsoUnavailable": "ssoUnavailable",
} as const;

export type SignInErrorKey = (typeof BY_CODE)[keyof typeof BY_CODE] | "ssoFailed";

export function signInErrorKey(error: unknown, code: unknown): SignInErrorKey | null {
  if (typeof error !== "string" || !error) return null;
  if (typeof code === "string" && Object.hasOwn(BY_CODE, code)) return BY_CODE[code as keyof typeof BY_CODE];
  return "ssoFailed";
}
