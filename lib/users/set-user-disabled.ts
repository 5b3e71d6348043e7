import { applyUserChange } from "../auth/users";
import type { Db } from "../db/client";
import { ConsoleError } from "../errors";
import { hasAccessToRevoke, recordOffboardingStart } from "../offboarding/record-start";
import { existingUser, inTransaction } from "./existing-user";

/**
 * Disables a user (their sessions and live streams end) or enables them again, never leaving the
 * console without an enabled admin. `actorId` is the console user making the change, who may not
 * disable themselves; null for the users CLI's shell account. Not server-only: the CLI calls it too.
 *
 * A disable of a user who still has a personal key or a pending request starts their offboarding
 * in the same transaction (lib/offboarding/record-start.ts): the `user.offboard` start naming the
 * disable's audit operation (`causeOperationId`), and their pending requests cancelled. The
 * console's engine records and runs the rest, whichever process wrote it.
 */
export async function setUserDisabled(
  db: Db,
  input: { email: string; disabled: boolean },
  actorId: string | null,
  cause: { operationId: string | null } = { operationId: null },
): Promise<{ email: string; disabled: boolean; offboarding: { operationId: string; userId: string } | null }> {
  return inTransaction(db, async (tx) => {
    const user = await existingUser(tx, input.email);
    if (user.id === actorId && input.disabled)
      throw new ConsoleError("Console.InvalidInput", "You cannot disable yourself.", undefined, { words: { key: "server.disableSelf" } });
    await applyUserChange(tx, input.email, { disabled: input.disabled });
    let offboarding: { operationId: string; userId: string } | null = null;
    if (input.disabled && (await hasAccessToRevoke(tx, user.id))) {
      const start = await recordOffboardingStart(tx, {
        user: { id: user.id, email: user.email },
        cause: "user.disable",
        causeOperationId: cause.operationId,
      });
      offboarding = { operationId: start.operationId, userId: user.id };
    }
    return { email: user.email, disabled: input.disabled, offboarding };
  });
}
