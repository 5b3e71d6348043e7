import { findUserByEmail } from "../auth/users";
import type { Db } from "../db/client";
import type { UserRow } from "../db/schema";
import { ConsoleError } from "../errors";

// Shared by the user services. Not server-only: the users CLI (scripts/users.ts) calls them too.

/** The user a change names, read inside the change's transaction; `Console.NotFound` when there is none. */
export async function existingUser(tx: Db, email: string): Promise<UserRow> {
  const user = await findUserByEmail(tx, email);
  if (!user)
    throw new ConsoleError("Console.NotFound", `No user ${email}.`, undefined, { words: { key: "server.noUser", values: { email } } });
  return user;
}

/** Runs a user change in its own transaction, or in a savepoint of the caller's (the CLI's audited one). */
export function inTransaction<T>(db: Db, change: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((t) => change(t as unknown as Db));
}
