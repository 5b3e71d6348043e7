import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { availableParallelism } from "node:os";
import bcrypt from "bcryptjs";
import { processSingleton } from "../singleton";

export const MIN_PASSWORD_LENGTH = 10;

// scrypt runs in libuv's thread pool, so a sign-in never blocks the event loop (bcryptjs did, for
// ~150 ms per check). N = 2^15, r = 8: 32 MB and some tens of ms per check.
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LEN = 32;
const maxmem = (n: number, r: number) => 128 * n * r * 2;

// At most (cores - 1) hashes at once, at least one, so one core stays with the event loop: a hash is
// ~100 ms of a core, and a burst of sign-ins otherwise put libuv's 4 threads on every core, the
// event loop got a fraction of one and every request waited (sign_in_stall), as did file reads
// queued behind the hashes in the pool. First come, first served, the same for every check
// (unknown users included). Per process, whichever bundle hashes.
const hashSlots = () =>
  processSingleton("password-hash-slots", () => ({ free: Math.max(1, availableParallelism() - 1), waiting: [] as Array<() => void> }));

async function inHashSlot<T>(work: () => Promise<T>): Promise<T> {
  const slots = hashSlots();
  if (slots.free > 0) slots.free--;
  else await new Promise<void>((resolve) => slots.waiting.push(resolve));
  try {
    return await work();
  } finally {
    // The slot goes straight to the next waiter, if any.
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}

function scryptAsync(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: n, r, p, maxmem: maxmem(n, r) };
  return inHashSlot(
    () =>
      new Promise((resolve, reject) =>
        scrypt(password.normalize("NFC"), salt, KEY_LEN, options, (e, key) => (e ? reject(e) : resolve(key))),
      ),
  );
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
  if (hash && isLegacyHash(hash)) return bcrypt.compare(password, hash);
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
