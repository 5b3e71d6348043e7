import type { Role } from "../db/schema";
import { isRole } from "./users";

/**
 * Optional SSO. Set AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET to switch it
 * on. AUTH_OIDC_ROLE_CLAIM names the claim holding groups (default `groups`), and
 * AUTH_OIDC_ROLE_MAP maps them to roles: `aic-admins=admin,aic-ops=operator,aic-audit=auditor`.
 * A user matching no group gets AUTH_OIDC_DEFAULT_ROLE, or is refused when it is unset.
 */
export function oidcSettings(env: Record<string, string | undefined> = process.env) {
  if (!env.AUTH_OIDC_ISSUER || !env.AUTH_OIDC_CLIENT_ID || !env.AUTH_OIDC_CLIENT_SECRET) return null;
  const map = new Map<string, Role>();
  for (const pair of (env.AUTH_OIDC_ROLE_MAP ?? "").split(",")) {
    const [group, role] = pair.split("=").map((s) => s.trim());
    if (group && role && isRole(role)) map.set(group, role);
  }
  const defaultRole = env.AUTH_OIDC_DEFAULT_ROLE && isRole(env.AUTH_OIDC_DEFAULT_ROLE) ? env.AUTH_OIDC_DEFAULT_ROLE : null;
  return {
    issuer: env.AUTH_OIDC_ISSUER,
    clientId: env.AUTH_OIDC_CLIENT_ID,
    clientSecret: env.AUTH_OIDC_CLIENT_SECRET,
    name: env.AUTH_OIDC_NAME ?? "Single sign-on",
    roleClaim: env.AUTH_OIDC_ROLE_CLAIM ?? "groups",
    map,
    defaultRole,
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
