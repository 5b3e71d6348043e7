import { findUserByEmail, insertUser } from "../auth/users";
import type { Db } from "../db/client";
import type { Role } from "../db/schema";
import { ConsoleError } from "../errors";
import { inTransaction } from "./existing-user";
import { newPassword, type NewPassword } from "./new-password";

// The console's Add user (audited by its spec in actions.ts) and the CLI's `add` (audited in the
// same transaction) call this. Not server-only: the CLI runs it outside Next.

/**
 * Creates a user with the password given (the CLI's), or a generated one-time password that the
 * result carries once, for the admin to hand over; it is never logged.
 */
export async function createUser(db: Db, input: { email: string; role: Role }, password?: NewPassword) {
  const p = password ?? (await newPassword());
  const user = await inTransaction(db, async (tx) => {
    if (await findUserByEmail(tx, input.email))
      throw new ConsoleError("Console.Conflict", `User ${input.email} already exists.`, undefined, {
        words: { key: "server.userExists", values: { email: input.email } },
      });
    return insertUser(tx, { email: input.email, role: input.role, passwordHash: p.passwordHash });
  });
  return { email: user.email, role: user.role, password: p.password };
}
