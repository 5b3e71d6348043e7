import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";

const COST = 11;
export const MIN_PASSWORD_LENGTH = 10;

export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`Password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  return bcrypt.hash(password, COST);
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  // Compare against a fixed hash when the user is unknown, so timing does not reveal which emails exist.
  return bcrypt.compare(password, hash ?? DUMMY_HASH);
}

const DUMMY_HASH = "$2b$11$CwTycUXWue0Thq9StjUM0uJ8.6p2dF0rP6G6X5N5Z1k7dQK8G3V3e";

export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}
