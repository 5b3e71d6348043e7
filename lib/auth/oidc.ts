import type { Role } from "../roles";
import { config, type Env } from "../config";

/**
 * Optional SSO. Set AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET to switch it
 * on. AUTH_OIDC_ROLE_CLAIM names the claim holding groups (default `groups`), and
 * AUTH_OIDC_ROLE_MAP maps them to roles: `aic-admins=admin,aic-ops=operator,aic-audit=auditor`.
 * A user matching no group gets AUTH_OIDC_DEFAULT_ROLE, or is refused when it is unset.
 */
export function oidcSettings(env?: Env) {
  const c = config(env);
  if (!c.AUTH_OIDC_ISSUER || !c.AUTH_OIDC_CLIENT_ID || !c.AUTH_OIDC_CLIENT_SECRET) return null;
  return {
    issuer: c.AUTH_OIDC_ISSUER,
    clientId: c.AUTH_OIDC_CLIENT_ID,
    clientSecret: c.AUTH_OIDC_CLIENT_SECRET,
    name: c.AUTH_OIDC_NAME,
    roleClaim: c.AUTH_OIDC_ROLE_CLAIM,
    map: c.AUTH_OIDC_ROLE_MAP,
    defaultRole: c.AUTH_OIDC_DEFAULT_ROLE ?? null,
  };
}

export type OidcSettings = NonNullable<ReturnType<typeof oidcSettings>>;

const RANK: Role[] = ["viewer", "auditor", "operator", "admin"];

/** The strongest role any of the user's groups grants. */
export function roleFromClaims(claims: Record<string, unknown>, s: OidcSettings): Role | null {
  const raw = claims[s.roleClaim];
  const groups = Array.isArray(raw) ? raw.map(String) : typeof raw === "string" ? raw.split(/[ ,]+/) : [];
  const roles = groups.map((g) => s.map.get(g)).filter((r): r is Role => !!r);
  if (!roles.length) return s.defaultRole;
  return roles.sort((a, b) => RANK.indexOf(b) - RANK.indexOf(a))[0];
}
