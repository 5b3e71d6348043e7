import { createHash } from "node:crypto";

/**
 * The key's fingerprint as `ssh-keygen -l` prints it (SHA256 of the key blob, base64 without
 * padding) for an OpenSSH public key line; for any other format, of the whole text.
 */
export function fingerprintOf(content: string): string {
  const blob = /^\s*(?:ssh-[a-z0-9-]+|ecdsa-[a-z0-9-]+|sk-[a-z0-9@.-]+)\s+([A-Za-z0-9+/]+={0,2})/.exec(content)?.[1];
  const bytes = blob ? Buffer.from(blob, "base64") : Buffer.from(content.trim(), "utf8");
  return `SHA256:${createHash("sha256").update(bytes).digest("base64").replace(/=+$/, "")}`;
}
