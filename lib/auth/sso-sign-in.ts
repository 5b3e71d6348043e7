import { auditSignIn } from "./audit-sign-in";
import type { Db } from "../db/client";
import type { UserRow } from "../db/schema";
import { auditUserChange } from "../users/audit-user-change";
import { roleFromClaims, type OidcSettings } from "./oidc";
import { createUser, findUserByEmail, normalizeEmail, updateUser } from "./users";

export class SsoRefused extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/**
 * An SSO sign-in: the IdP's groups decide the role, on every sign-in (the IdP is the source of
 * truth, so a role set in the console lasts until the next SSO sign-in; the change is audited).
 * The first sign-in creates the user. Every attempt is audited as `auth.sign_in`, method `oidc`.
 */
export async function signInWithSso(
  db: Db,
  claims: Record<string, unknown>,
  settings: OidcSettings,
  from: { ip: string | null; userAgent: string | null } = { ip: null, userAgent: null },
): Promise<UserRow> {
  const email = normalizeEmail(String(claims.email ?? "")).slice(0, 320);
  const signIn = (outcome: "success" | "failure", user: UserRow | undefined, error?: SsoRefused) =>
    auditSignIn(db, { email, user, method: "oidc", params: { issuer: settings.issuer }, outcome, error: error && { code: error.code, message: error.message }, ...from });
  const refuse = async (code: string, message: string, user?: UserRow): Promise<never> => {
    const error = new SsoRefused(code, message);
    await signIn("failure", user, error);
    throw error;
  };

  // Codes of their own: password throttling counts Console.InvalidCredentials by address and
  // account, and an IdP's refusals must not lock out a password user with the same email.
  if (!email) return refuse("Console.SsoNoEmail", "The SSO account has no email address");
  // An address the IdP says it has not verified could be anyone's: it never links to an account.
  if (claims.email_verified === false || claims.email_verified === "false") return refuse("Console.SsoEmailUnverified", "The SSO account's email address is not verified");
  const role = roleFromClaims(claims, settings);
  if (!role) return refuse("Console.Forbidden", "No console role for this SSO account's groups");

  const actor = { id: null, email: `sso:${new URL(settings.issuer).host}`, role: "system" };
  let user = await findUserByEmail(db, email);
  if (!user) {
    user = await createUser(db, { email, role, password: null, name: String(claims.name ?? "") });
    await auditUserChange(db, { actor, action: "user.create", email, params: { role, source: "sso" } });
  } else if (user.role !== role) {
    const from = user.role;
    user = (await updateUser(db, email, { role })) ?? user;
    await auditUserChange(db, { actor, action: "user.set_role", email, params: { role, from, source: "sso" } });
  }
  if (user.disabled) return refuse("Console.AccountDisabled", "Account disabled", user);
  await signIn("success", user);
  return user;
}
