import "server-only";
import { listUsers } from "../auth/users";
import { getDb } from "../db/client";
import type { Role } from "../db/schema";

/** A console user as the Users page shows them: no password hash, no ids. */
export interface UserListRow {
  email: string;
  role: Role;
  disabled: boolean;
  /** The viewer's own row: they may not disable themselves or change their own role. */
  self: boolean;
}

export async function readUserList(viewerId: string): Promise<UserListRow[]> {
  return (await listUsers(await getDb())).map((u) => ({ email: u.email, role: u.role, disabled: u.disabled, self: u.id === viewerId }));
}
