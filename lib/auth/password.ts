import { randomBytes, timingSafeEqual } from "node:crypto";
import { bcryptCompareInPool, scryptInPool } from "./hash-pool";

export const MIN_PASSWORD_LENGTH = 10;

// scrypt, N = 2^15, r = 8: 32 MB and some tens of ms of a core per check. Every check (hash, verify,
// an unknown user's dummy check, a legacy bcrypt compare) runs on a password worker thread at the
// lowest CPU priority, at most (cores - 1) at once, first come first served (hash-pool.ts): the
// event loop never waits for a hash, nor for the core one runs on.
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LEN = 32;
const maxmem = (n: number, r: number) => 128 * n * r * 2;

function scryptAsync(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return scryptInPool(password.normalize("NFC"), salt, KEY_LEN, { n, r, p, maxmem: maxmem(n, r) });
}

async function scryptHash(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`Password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  return scryptHash(password);
}

/** A fresh hash for a password that just verified against an older one (no length rule: it is already in use). */
export const rehashPassword = scryptHash;

/** `scrypt$N$r$p$salt$key`, with parameters a stored hash may not push beyond what we would use. */
function parseScrypt(hash: string) {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(hash);
  if (!m) return null;
  const [n, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (n < 2 || n > 2 ** 17 || (n & (n - 1)) !== 0 || r < 1 || r > 16 || p < 1 || p > 4) return null;
  return { n, r, p, salt: Buffer.from(m[4], "base64"), key: Buffer.from(m[5], "base64") };
}

export const isLegacyHash = (hash: string) => /^\$2[aby]\$/.test(hash);

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (hash && isLegacyHash(hash)) return bcryptCompareInPool(password, hash);
  // Unknown users (and users without a password) pay for a full check too, so timing does not
  // reveal which emails exist.
  const parsed = (hash && parseScrypt(hash)) || DUMMY;
  const key = await scryptAsync(password, parsed.salt, parsed.n, parsed.r, parsed.p);
  return parsed !== DUMMY && key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** True when a hash should be replaced by a fresh one after a successful check (bcrypt, weaker scrypt). */
export function needsRehash(hash: string | null | undefined): boolean {
  if (!hash) return false;
  const p = parseScrypt(hash);
  return !p || p.n !== N || p.r !== R || p.p !== P;
}

const DUMMY = { n: N, r: R, p: P, salt: randomBytes(16), key: randomBytes(KEY_LEN) };

export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}
