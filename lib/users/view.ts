import type { Role } from "../roles";

/** A console user as the Users page shows them: no password hash, no ids. */
export interface UserListRow {
  email: string;
  role: Role;
  disabled: boolean;
  /** The viewer's own row: they may not disable themselves, change their own role or reset their own password. */
  self: boolean;
}
