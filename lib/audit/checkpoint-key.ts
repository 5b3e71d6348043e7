import { createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import fs from "node:fs";
import { config, type Env } from "../config";

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

/** SHA-256 of the public key's DER (SPKI): names the key in every checkpoint it signs. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash("sha256")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest("hex");
}

function ed25519(key: KeyObject, file: string): KeyObject {
  if (key.asymmetricKeyType !== "ed25519") throw new Error(`${file}: not an Ed25519 key (${key.asymmetricKeyType})`);
  return key;
}

/** The checkpoint signing key from AUDIT_SIGNING_KEY_FILE (PEM, PKCS#8), or null when unset. */
export function loadSigningKey(env?: Env): SigningKey | null {
  const file = config(env).AUDIT_SIGNING_KEY_FILE;
  if (!file) return null;
  const privateKey = ed25519(createPrivateKey(fs.readFileSync(file)), file);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** A public key file (PEM); a private key file is accepted too and its public half used. */
export function loadPublicKey(file: string): KeyObject {
  const pem = fs.readFileSync(file, "utf8");
  const key = /PRIVATE KEY/.test(pem) ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  return ed25519(key, file);
}

/** The key checkpoints are checked with: `--public-key`, else the public half of the signing key. */
export function verifyingKey(env?: Env, publicKeyFile?: string | null): KeyObject | null {
  if (publicKeyFile) return loadPublicKey(publicKeyFile);
  return loadSigningKey(env)?.publicKey ?? null;
}
