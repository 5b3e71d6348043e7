import { withAudit } from "../audit/append";
import { ConsoleError } from "../errors";
import type { Db } from "../db/client";
import type { UserRow } from "../db/schema";
import { userChangeEvent } from "../users/audit-user-change";
import { hasAccessToRevoke, offboardingUnderway, recordOffboardingStart } from "../offboarding/record-start";
import { normalizeValidEmail } from "./sign-in-input";
import { isPlainText } from "../validation/plain-text";
import { signInEvent } from "./audit-sign-in";
import { roleFromClaims, type OidcSettings } from "./oidc";
import { applyUserChange, bindSsoIdentity, findUserByEmail, findUserBySsoIdentity, insertUser } from "./users";

export class SsoRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** OIDC's `sub`: at most 255 ASCII characters, case-sensitive. */
const SUBJECT = /^[\x21-\x7e]{1,255}$/;

const displayName = (v: unknown) => (typeof v === "string" && v.length <= 200 && isPlainText(v) ? v : undefined);

/**
 * An SSO sign-in. The identity is the IdP's (issuer, subject), bound to a console user on its
 * first sign-in. An email only matters when the IdP says it verified it (`email_verified: true`),
 * and never attaches the identity to a user with a password or another identity: an admin links
 * those (`npm run users -- link-sso`). The IdP's groups decide the role on every sign-in, after the
 * disabled check, and never leave the console without an enabled admin. User changes and their
 * events commit together; every attempt is audited as `auth.sign_in`, method `oidc`.
 */
export async function signInWithSso(
  db: Db,
  claims: Record<string, unknown>,
  settings: OidcSettings,
  from: { ip: string | null; userAgent: string | null } = { ip: null, userAgent: null },
): Promise<UserRow> {
  // A malformed address is never stored, cut or shown: the attempt is refused without it.
  const email = normalizeValidEmail(claims.email) ?? "";
  const subject = typeof claims.sub === "string" && SUBJECT.test(claims.sub) ? claims.sub : null;
  const issuer = settings.issuer;
  const sso = subject ? { issuer, subject } : null;
  const actor = { id: null, email: `sso:${new URL(issuer).host}`, role: "system" };

  const result = await withAudit(db, async (audited, audit): Promise<UserRow | SsoRefused> => {
    const tx = audited as unknown as Db;
    const signIn = (outcome: "success" | "failure", user: UserRow | undefined, error?: SsoRefused) =>
      audit(
        signInEvent({
          email,
          user,
          method: "oidc",
          params: { issuer, ...(subject ? { subject } : {}) },
          outcome,
          error: error && { code: error.code, message: error.message },
          ...from,
        }),
      );
    const refuse = async (code: string, message: string, user?: UserRow) => {
      const error = new SsoRefused(code, message);
      await signIn("failure", user, error);
      return error;
    };

    // Codes of their own: password throttling counts Console.InvalidCredentials by address and
    // account, and an IdP's refusals must not lock out a password user with the same email.
    if (claims.email === undefined || claims.email === null || claims.email === "")
      return refuse("Console.SsoNoEmail", "The SSO account has no email address");
    if (!email) return refuse("Console.SsoInvalidEmail", "The SSO account's email address is not a valid address");
    // Only a boolean true: a missing claim, "true" or 1 could be anyone's unverified address.
    if (claims.email_verified !== true) return refuse("Console.SsoEmailUnverified", "The SSO account's email address is not verified");
    if (!sso) return refuse("Console.SsoNoSubject", "The SSO account has no valid subject (sub)");
    const role = roleFromClaims(claims, settings);
    if (!role) {
      // A user whose groups no longer map to a role loses what they can still log in with: their
      // offboarding starts with this refusal (lib/offboarding), the console's engine runs it.
      const known = await findUserBySsoIdentity(tx, issuer, sso.subject);
      // Once: each further sign-in while it runs is refused like the first, without a new start.
      if (known && !known.disabled && (await hasAccessToRevoke(tx, known.id)) && !(await offboardingUnderway(tx, known.id)))
        await recordOffboardingStart(tx, { user: { id: known.id, email: known.email }, cause: "sso.no_role" });
      return refuse("Console.Forbidden", "No console role for this SSO account's groups");
    }

    let user = await findUserBySsoIdentity(tx, issuer, sso.subject);
    if (!user) {
      const byEmail = await findUserByEmail(tx, email);
      if (!byEmail) {
        user = await insertUser(tx, { email, role, passwordHash: null, name: displayName(claims.name), sso });
        await audit(userChangeEvent({ actor, action: "user.create", email, params: { role, source: "sso", ...sso } }));
        await signIn("success", user);
        return user;
      }
      if (byEmail.ssoIssuer)
        return refuse(
          "Console.SsoIdentityMismatch",
          "This console account is linked to another SSO identity; an admin must link this one",
          byEmail,
        );
      if (byEmail.passwordHash)
        return refuse(
          "Console.SsoLinkRequired",
          "This console account signs in with a password; an admin must link it to SSO first",
          byEmail,
        );
      if (byEmail.disabled) return refuse("Console.AccountDisabled", "Account disabled", byEmail);
      // Passwordless and unbound: made by an SSO sign-in before identities were bound. Bound now.
      user = (await bindSsoIdentity(tx, byEmail.id, sso))!;
      await audit(userChangeEvent({ actor, action: "user.link_sso", email, params: { source: "sso", ...sso } }));
    }
    if (user.disabled) return refuse("Console.AccountDisabled", "Account disabled", user);
    if (user.role !== role) {
      const before: UserRow = user;
      try {
        // A savepoint: a refused change is undone, its refusal still recorded.
        user = (await tx.transaction((sp) => applyUserChange(sp as unknown as Db, before.email, { role }))) ?? before;
      } catch (e) {
        if (e instanceof ConsoleError && e.code === "Console.LastAdmin") return refuse(e.code, e.message, before);
        throw e;
      }
      await audit(
        userChangeEvent({ actor, action: "user.set_role", email: user.email, params: { role, from: before.role, source: "sso" } }),
      );
    }
    await signIn("success", user);
    return user;
  });
  if (result instanceof SsoRefused) throw result;
  return result;
}
