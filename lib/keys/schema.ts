import { z } from "../validation/zod";
import type { ExampleInputs } from "../action-spec";
import { keyField } from "../validation/ids";
import { KEY_NAME_MIN } from "../validation/limits";
import { plainText } from "../validation/plain-text";

export { KEY_NAME_MIN };

/**
 * Text that looks like a private key: PEM (`-----BEGIN … PRIVATE KEY-----`, PKCS#1/#8, EC, DSA,
 * encrypted, PGP), OpenSSH (its header, or its base64 body `openssh-key-v1`), PuTTY `.ppk`. Checked
 * on every upload field before anything else, so such text is refused before any length rule
 * and never reaches ENS; the audit log keeps only the refused input's shape.
 */
const PRIVATE_KEY = [
  /-----BEGIN[A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/i,
  /b3BlbnNzaC1rZXktdjE/, // base64 of "openssh-key-v1", the body of an OpenSSH private key
  /PuTTY-User-Key-File-\d+\s*:/i,
  /^\s*Private-(Lines|MAC)\s*:/im,
];
export const PRIVATE_KEY_MESSAGE =
  "This looks like a private key. Never paste a private key here: paste the public key (the .pub file, one line starting with ssh-rsa, ssh-ed25519 or ecdsa-…).";
export const looksLikePrivateKey = (text: string): boolean => PRIVATE_KEY.some((re) => re.test(text));
export const noPrivateKey = () => z.string().refine((v) => !looksLikePrivateKey(v), { message: PRIVATE_KEY_MESSAGE, abort: true });

export const uploadKeyInput = z.strictObject({
  keyName: plainText(noPrivateKey().trim().min(KEY_NAME_MIN, `At least ${KEY_NAME_MIN} characters.`).max(128, "At most 128 characters.")),
  keyGroup: plainText(noPrivateKey().trim().max(128))
    .optional()
    .or(z.literal("").transform(() => undefined)),
  keyType: plainText(noPrivateKey().trim().min(1, "Required.").max(32)),
  // Key material may span lines.
  content: plainText(noPrivateKey().trim().min(1, "Paste the public key.").max(1024, "At most 1024 characters."), { lines: true }),
  description: plainText(noPrivateKey().trim().max(128)).optional(),
});
export type UploadKeyInput = z.output<typeof uploadKeyInput>;
export const deleteKeyInput = z.strictObject({ keyName: keyField });

export const exampleInputs = {
  "key.upload": { keyName: "hostile-test-key", keyType: "adb", content: "ssh-rsa AAAAB3NzaC1yc2E hostile@test", description: "test" },
  "key.delete": { keyName: "hostile-test-key" },
} satisfies ExampleInputs;
