// Auth.js's session-token format, on node:crypto: a compact JWE with "dir" key management and
// A256CBC-HS512 (RFC 7518 §5.2.5), the 64-byte key derived by HKDF-SHA256 from the secret with the
// cookie name as salt, and `kid` set to that key's RFC 7638 thumbprint. Auth.js's own codec does
// the same through WebCrypto and derives the key on every call; the console makes four token
// operations per request (the proxy and the session read each decode and re-issue), and profiling
// showed them as the largest CPU cost of a server action. Interop with Auth.js's codec is tested
// both ways (jwt-codec.test.ts).
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

const ALG = "dir";
const ENC = "A256CBC-HS512";
const DEFAULT_MAX_AGE_S = 30 * 24 * 60 * 60;
// Same leeway as Auth.js's decode.
const CLOCK_TOLERANCE_S = 15;
const B64URL = /^[A-Za-z0-9_-]*$/;

interface Key {
  mac: Buffer;
  enc: Buffer;
  kid: string;
}

const derived = new Map<string, Key>();

function keyFor(secret: string, salt: string): Key {
  const id = `${salt}\u0000${secret}`;
  let key = derived.get(id);
  if (!key) {
    const raw = Buffer.from(hkdfSync("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64));
    const kid = createHash("sha512")
      .update(`{"k":"${raw.toString("base64url")}","kty":"oct"}`)
      .digest("base64url");
    key = { mac: raw.subarray(0, 32), enc: raw.subarray(32), kid };
    if (derived.size >= 16) derived.clear();
    derived.set(id, key);
  }
  return key;
}

const secretsOf = (secret: string | string[]) => (Array.isArray(secret) ? secret : [secret]);

function authTag(key: Key, aad: Buffer, iv: Buffer, ciphertext: Buffer): Buffer {
  const bits = Buffer.alloc(8);
  bits.writeBigUInt64BE(BigInt(aad.length) * 8n);
  return createHmac("sha512", key.mac).update(aad).update(iv).update(ciphertext).update(bits).digest().subarray(0, 32);
}

export async function encode({ token = {}, secret, maxAge = DEFAULT_MAX_AGE_S, salt }: JWTEncodeParams): Promise<string> {
  const key = keyFor(secretsOf(secret)[0], salt);
  const header = Buffer.from(JSON.stringify({ alg: ALG, enc: ENC, kid: key.kid })).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const payload = JSON.stringify({ ...token, iat: now, exp: now + maxAge, jti: randomUUID() });
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", key.enc, iv);
  const ciphertext = Buffer.concat([cipher.update(payload, "utf8"), cipher.final()]);
  const tag = authTag(key, Buffer.from(header, "ascii"), iv, ciphertext);
  return `${header}..${iv.toString("base64url")}.${ciphertext.toString("base64url")}.${tag.toString("base64url")}`;
}

/** Throws on anything but an intact, unexpired token of this format (Auth.js treats that as no session). */
export async function decode({ token, secret, salt }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const parts = token.split(".");
  if (parts.length !== 5 || parts[1] !== "" || !parts.every((p) => B64URL.test(p))) throw new Error("Invalid session token");
  const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8")) as Record<string, unknown>;
  if (header.alg !== ALG || header.enc !== ENC || "zip" in header || "crit" in header) throw new Error("Unsupported session token");
  const key = secretsOf(secret)
    .map((s) => keyFor(s, salt))
    .find((k) => header.kid === undefined || header.kid === k.kid);
  if (!key) throw new Error("no matching decryption secret");
  const [iv, ciphertext, tag] = parts.slice(2).map((p) => Buffer.from(p, "base64url"));
  if (iv.length !== 16 || tag.length !== 32 || !timingSafeEqual(authTag(key, Buffer.from(parts[0], "ascii"), iv, ciphertext), tag)) {
    throw new Error("Session token failed its integrity check");
  }
  const decipher = createDecipheriv("aes-256-cbc", key.enc, iv);
  const payload = JSON.parse(Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8")) as JWT;
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) throw new Error("Invalid session token payload");
  const now = Math.floor(Date.now() / 1000);
  if (payload.exp !== undefined && (typeof payload.exp !== "number" || payload.exp <= now - CLOCK_TOLERANCE_S))
    throw new Error("Session token expired");
  if (payload.nbf !== undefined && (typeof payload.nbf !== "number" || payload.nbf > now + CLOCK_TOLERANCE_S))
    throw new Error("Session token not yet valid");
  return payload;
}
