import "server-only";
import type { Db } from "../db/client";
import { ConsoleError } from "../errors";
import { generatePassword, hashPassword } from "../auth/password";
import { applyUserChange, findUserByEmail, insertUser } from "../auth/users";
import type { Role } from "../db/schema";

// Each change runs in one transaction with its checks; the action wrapper (audit "operation")
// records it as requested before and completed after, so an audit write that fails first leaves
// the user unchanged, and one that fails after leaves the operation open until it is closed as
// `unknown`, never a "failure" for a change that happened.

export async function setRole(db: Db, actorId: string, email: string, role: Role) {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const user = await findUserByEmail(tx, email);
    if (!user)
      throw new ConsoleError("Console.NotFound", `No user ${email}.`, undefined, { words: { key: "server.noUser", values: { email } } });
    if (user.id === actorId && role !== "admin")
      throw new ConsoleError("Console.InvalidInput", "You cannot remove your own admin role.", undefined, {
        words: { key: "server.ownAdminRole" },
      });
    await applyUserChange(tx, email, { role });
    return { email, role };
  });
}

export async function setDisabled(db: Db, actorId: string, email: string, disabled: boolean) {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const user = await findUserByEmail(tx, email);
    if (!user)
      throw new ConsoleError("Console.NotFound", `No user ${email}.`, undefined, { words: { key: "server.noUser", values: { email } } });
    if (user.id === actorId && disabled)
      throw new ConsoleError("Console.InvalidInput", "You cannot disable yourself.", undefined, { words: { key: "server.disableSelf" } });
    await applyUserChange(tx, email, { disabled });
    return { email, disabled };
  });
}

/** Creates a user with a generated password, shown once to the admin who created it. */
export async function addUser(db: Db, email: string, role: Role) {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    if (await findUserByEmail(tx, email))
      throw new ConsoleError("Console.Conflict", `User ${email} already exists.`, undefined, {
        words: { key: "server.userExists", values: { email } },
      });
    await insertUser(tx, { email, role, passwordHash });
  });
  return { email, role, password };
}
