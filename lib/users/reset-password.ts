import { applyUserChange } from "../auth/users";
import type { Db } from "../db/client";
import { ConsoleError } from "../errors";
import { existingUser, inTransaction } from "./existing-user";
import { newPassword, type NewPassword } from "./new-password";

/**
 * Gives a user a new password and ends their sessions: every session signed in before it is
 * refused on its next request, and its open live streams close once the change commits. The
 * console's Reset password generates a one-time password, which the result carries once for the
 * admin to hand over (never logged); the users CLI's `set-password` passes the one it read.
 *
 * `actorId` is the console user making the change: an admin resetting their own password here
 * would end their own session mid-change, so it is refused (the CLI, null, may). Not server-only:
 * the CLI calls it too.
 */
export async function resetPassword(db: Db, input: { email: string }, actorId: string | null, password?: NewPassword) {
  const p = password ?? (await newPassword());
  return inTransaction(db, async (tx) => {
    const user = await existingUser(tx, input.email);
    if (user.id === actorId)
      throw new ConsoleError(
        "Console.InvalidInput",
        "You cannot reset your own password here: it would end your session. Ask another admin, or use the users CLI.",
        undefined,
        { words: { key: "server.resetOwnPassword" } },
      );
    await applyUserChange(tx, input.email, { passwordHash: p.passwordHash });
    return { email: user.email, password: p.password };
  });
}
