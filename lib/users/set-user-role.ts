import { applyUserChange } from "../auth/users";
import type { Db } from "../db/client";
import type { Role } from "../db/schema";
import { ConsoleError } from "../errors";
import { existingUser, inTransaction } from "./existing-user";

/**
 * Changes a user's role, never leaving the console without an enabled admin (`Console.LastAdmin`).
 * `actorId` is the console user making the change, who may not demote themselves; null for the
 * users CLI's shell account. Not server-only: the CLI calls it too.
 */
export async function setUserRole(db: Db, input: { email: string; role: Role }, actorId: string | null) {
  return inTransaction(db, async (tx) => {
    const user = await existingUser(tx, input.email);
    if (user.id === actorId && input.role !== "admin")
      throw new ConsoleError("Console.InvalidInput", "You cannot remove your own admin role.", undefined, {
        words: { key: "server.ownAdminRole" },
      });
    await applyUserChange(tx, input.email, { role: input.role });
    return { email: user.email, role: input.role };
  });
}
