import { DEFAULT_LOCALE, type Locale } from "../i18n/locales";
import { translator } from "../i18n/translator";
import type { Role } from "../roles";

/** What each role may do. The one table every server action, route handler and page consults. */
export const PERMISSIONS = {
  "fleet.read": ["viewer", "requester", "operator", "auditor", "admin"],
  "login.set": ["operator", "admin"],
  "keys.manage": ["operator", "admin"],
  "images.share": ["operator", "admin"],
  "instances.power": ["operator", "admin"],
  "operations.cancel": ["operator", "admin"],
  /** Retry a finished job's failed items, or revert what it changed. */
  "operations.follow_up": ["operator", "admin"],
  "history.read": ["viewer", "requester", "operator", "auditor", "admin"],
  "history.export": ["auditor", "admin"],
  "users.manage": ["admin"],
  /** Ask for a login or an image share that someone else approves (lib/requests). */
  "access.request": ["requester", "operator", "admin"],
  /** Decide others' requests; the policy may narrow it to admins (lib/requests/policy.ts). */
  "access.approve": ["operator", "admin"],
  /** Read requests: one's own, those one may decide, and (auditors, admins) all. */
  "requests.read": ["viewer", "requester", "operator", "auditor", "admin"],
  /** Mark a break-glass open reviewed. */
  "access.review": ["admin"],
  /** Create and change schedules (their own; admins any); resets only admins (lib/schedules). */
  "schedules.manage": ["operator", "admin"],
  /** Change the access policy (/settings/access). */
  "policy.manage": ["admin"],
  /** Add, pause, resume, test, replay and delete outbound destinations (/settings/destinations). */
  "destinations.manage": ["admin"],
  /** One's own preferences (the console language). */
  "self.preferences": ["viewer", "requester", "operator", "auditor", "admin"],
  /** One's own public keys (My keys): those who may open or request a login. */
  "self.keys": ["requester", "operator", "admin"],
  /**
   * Saved views of the instance list: save one's own (private or shared), rename and delete one's
   * own; admins also rename and delete others' shared views (lib/views decides which view).
   */
  "views.manage": ["viewer", "requester", "operator", "auditor", "admin"],
  /** One's own notifications (the inbox). */
  "self.inbox": ["viewer", "requester", "operator", "auditor", "admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function rolesFor(permission: Permission): readonly Role[] {
  return PERMISSIONS[permission];
}

/** The English role names; `roleLabel` gives them in any language. */
export const ROLE_LABEL: Record<Role, string> = {
  viewer: "Viewer",
  requester: "Requester",
  operator: "Operator",
  auditor: "Auditor",
  admin: "Admin",
};

/** A role's name as a label (common.roles), in `locale`. */
export function roleLabel(role: Role, locale: Locale = DEFAULT_LOCALE): string {
  return locale === DEFAULT_LOCALE ? ROLE_LABEL[role] : translator(locale)(`common.roles.${role}`);
}

/** The sentence a disabled control shows to explain itself, in `locale`. */
export function deniedReason(role: Role | null | undefined, permission: Permission, locale: Locale = DEFAULT_LOCALE): string {
  if (locale === DEFAULT_LOCALE) {
    const who = PERMISSIONS[permission].map((r) => `${r}s`).join(" and ");
    return `Your role (${role ?? "none"}) cannot do this; only ${who} can.`;
  }
  const t = translator(locale);
  const who = new Intl.ListFormat(locale, { type: "conjunction" }).format(PERMISSIONS[permission].map((r) => t(`errors.rolePlural.${r}`)));
  return t("errors.deniedReason", { role: t(`errors.role.${role ?? "none"}`), who });
}
