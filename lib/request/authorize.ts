import { can, type Permission } from "../auth/permissions";
import type { ActiveUser } from "../auth/session";
import { CONSOLE_ERRORS, withWords, type ActionError } from "../errors";

/** Step 2 of every request: the refusal of a caller who is not signed in or whose role lacks `permission`, else null. */
export function refusalOf(user: ActiveUser | null, permission: Permission): ActionError | null {
  if (!user) return { code: "Console.Unauthenticated", message: CONSOLE_ERRORS["Console.Unauthenticated"].message };
  if (can(user.role, permission)) return null;
  const words = { key: "forbiddenRole", values: { role: { key: `role.${user.role}` } } } as const;
  return withWords({ code: "Console.Forbidden", message: `Your role (${user.role}) is not allowed to do this.` }, words);
}
