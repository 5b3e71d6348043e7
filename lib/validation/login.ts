import { z } from "./zod";
import { KEY_NAME_MIN } from "./limits";
import { checkExpiry, expiryFields, expiryFrom } from "./login-expiry";
import { plainText } from "./plain-text";

export { KEY_NAME_MIN };

export const instanceId = z
  .string()
  .trim()
  .regex(/^aic-[A-Za-z0-9-]{1,120}$/, "Not an AIC instance id (aic-…).");
export const keyField = plainText(z.string().trim().min(1).max(128, "At most 128 characters."));

/**
 * Shared by the toggle dialog and the server action. An open carries its duration (or "no
 * expiry") and a reason; parsing fixes `expiresAt` once, so the audit record and the console's
 * expiry name the same time.
 */
export const setLoginInput = z
  .strictObject({
    instanceId,
    action: z.enum(["open", "close"]),
    keyName: keyField.optional(),
    keyGroup: keyField.optional(),
    ...expiryFields,
    bulkId: z.string().uuid().optional(),
  })
  .refine((v) => v.action === "close" || v.keyName || v.keyGroup, {
    message: "Choose a key or a key group to open login with.",
    path: ["keyName"],
  })
  .superRefine(checkExpiry)
  .transform((v) => ({ ...v, expiresAt: v.action === "open" ? expiryFrom(v.durationMinutes) : null }));

export type SetLoginInput = z.output<typeof setLoginInput>;
export type SetLoginFormInput = z.input<typeof setLoginInput>;

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
const noPrivateKey = () => z.string().refine((v) => !looksLikePrivateKey(v), { message: PRIVATE_KEY_MESSAGE, abort: true });

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
export const deleteKeyInput = z.strictObject({ keyName: keyField });
