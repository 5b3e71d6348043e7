import { applyUserChange } from "../auth/users";
import type { Db } from "../db/client";
import { ConsoleError } from "../errors";
import { existingUser, inTransaction } from "./existing-user";

/**
 * Disables a user (their sessions and live streams end) or enables them again, never leaving the
 * console without an enabled admin. `actorId` is the console user making the change, who may not
 * disable themselves; null for the users CLI's shell account. Not server-only: the CLI calls it too.
 */
export async function setUserDisabled(db: Db, input: { email: string; disabled: boolean }, actorId: string | null) {
  return inTransaction(db, async (tx) => {
    const user = await existingUser(tx, input.email);
    if (user.id === actorId && input.disabled)
      throw new ConsoleError("Console.InvalidInput", "You cannot disable yourself.", undefined, { words: { key: "server.disableSelf" } });
    await applyUserChange(tx, input.email, { disabled: input.disabled });
    return { email: user.email, disabled: input.disabled };
  });
}
