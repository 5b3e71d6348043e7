import "server-only";
import type { Db } from "../db/client";
import { ConsoleError } from "../actions/result";
import { generatePassword } from "../auth/password";
import { createUser, findUserByEmail, updateUser } from "../auth/users";
import type { Role } from "../db/schema";

export async function setRole(db: Db, actorId: string, email: string, role: Role) {
  const user = await findUserByEmail(db, email);
  if (!user) throw new ConsoleError("Console.NotFound", `No user ${email}.`);
  if (user.id === actorId && role !== "admin") throw new ConsoleError("Console.InvalidInput", "You cannot remove your own admin role.");
  await updateUser(db, email, { role });
  return { email, role };
}

export async function setDisabled(db: Db, actorId: string, email: string, disabled: boolean) {
  const user = await findUserByEmail(db, email);
  if (!user) throw new ConsoleError("Console.NotFound", `No user ${email}.`);
  if (user.id === actorId && disabled) throw new ConsoleError("Console.InvalidInput", "You cannot disable yourself.");
  await updateUser(db, email, { disabled });
  return { email, disabled };
}

/** Creates a user with a generated password, shown once to the admin who created it. */
export async function addUser(db: Db, email: string, role: Role) {
  if (await findUserByEmail(db, email)) throw new ConsoleError("Console.Conflict", `User ${email} already exists.`);
  const password = generatePassword();
  await createUser(db, { email, role, password });
  return { email, role, password };
}
