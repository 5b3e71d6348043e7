import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { keyIdOf, type SigningKey } from "@/lib/audit/checkpoint-key";

/** A fresh Ed25519 checkpoint key, in memory and as PEM files (private pkcs8, public spki). */
export function testSigningKey(): SigningKey & { privateFile: string; publicFile: string; cleanup(): void } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aic-key-"));
  const privateFile = path.join(dir, "audit-signing-key.pem");
  const publicFile = path.join(dir, "audit-signing-key.pub.pem");
  fs.writeFileSync(privateFile, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  fs.writeFileSync(publicFile, publicKey.export({ type: "spki", format: "pem" }));
  return {
    privateKey,
    publicKey,
    keyId: keyIdOf(publicKey),
    privateFile,
    publicFile,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
