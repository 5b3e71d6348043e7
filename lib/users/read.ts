import "server-only";
import { listUsers } from "../auth/users";
import { getDb } from "../db/client";
import type { UserListRow } from "./view";

/** Every console user, by email, as the Users page lists them for `viewerId`. */
export async function readUserList(viewerId: string): Promise<UserListRow[]> {
  return (await listUsers(await getDb())).map((u) => ({ email: u.email, role: u.role, disabled: u.disabled, self: u.id === viewerId }));
}
