import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { ConsoleError } from "../errors";
import type { Role } from "../roles";

/** Who renames or deletes a view: its owner; an admin, any shared view. */
export function mayManage(view: { ownerId: string; shared: boolean }, user: { id: string; role: Role }): boolean {
  return view.ownerId === user.id || (view.shared && user.role === "admin");
}

/**
 * The view `user` is about to rename or delete, checked: a view they cannot see (another's
 * private one) is not found, one they see but may not change is forbidden.
 */
export async function manageableView(
  db: Db,
  viewId: string,
  user: { id: string; role: Role },
): Promise<{ ownerId: string; name: string; shared: boolean }> {
  const [row] = await queryRows<{ owner_id: string; name: string; shared: boolean }>(
    db,
    sql`SELECT owner_id, name, shared FROM saved_views WHERE id = ${viewId}::uuid`,
  );
  if (!row || (!row.shared && row.owner_id !== user.id)) throw new ConsoleError("Console.NotFound");
  const view = { ownerId: row.owner_id, name: row.name, shared: row.shared };
  if (!mayManage(view, user)) throw new ConsoleError("Console.Forbidden");
  return view;
}

export const isUniqueViolation = (e: unknown): boolean => {
  for (let c: unknown = e; c && typeof c === "object"; c = (c as { cause?: unknown }).cause)
    if ((c as { code?: unknown }).code === "23505") return true;
  return false;
};
