import { generatePassword, hashPassword } from "../auth/password";

/** A password about to be stored, hashed before any transaction opens (a hash is tens of ms). */
export interface NewPassword {
  password: string;
  passwordHash: string;
  /** Made by the console (a one-time password shown once), not typed by someone. */
  generated: boolean;
}

/** The password given (the users CLI reads one from standard input), or a generated one-time password. */
export async function newPassword(given?: string): Promise<NewPassword> {
  const password = given ?? generatePassword();
  return { password, passwordHash: await hashPassword(password), generated: given === undefined };
}
