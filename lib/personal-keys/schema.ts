import { z } from "../validation/zod";
import type { ExampleInputs } from "../action-spec";
import { plainText } from "../validation/plain-text";
import { noPrivateKey } from "../keys/schema";

/** The name a user gives their key: short, so the ENS name (prefix + name) stays well under 128. */
export const PERSONAL_KEY_NAME_MAX = 48;

/** My keys: a name and the public key (ADB, as every AIC key); the same private-key refusal as /keys. */
export const uploadPersonalKeyInput = z.strictObject({
  name: noPrivateKey()
    .trim()
    .min(1, "Required.")
    .max(PERSONAL_KEY_NAME_MAX, `At most ${PERSONAL_KEY_NAME_MAX} characters.`)
    .regex(/^[A-Za-z0-9._-]+$/, "Letters, digits, dot, dash and underscore only."),
  content: plainText(noPrivateKey().trim().min(1, "Paste the public key.").max(1024, "At most 1024 characters."), { lines: true }),
});
export type UploadPersonalKeyInput = z.output<typeof uploadPersonalKeyInput>;

export const deletePersonalKeyInput = z.strictObject({
  keyName: z
    .string()
    .trim()
    .regex(/^u[0-9a-f]{12}-[A-Za-z0-9._-]{1,48}$/, "Not one of your keys."),
});

export const exampleInputs = {
  "key.upload_personal": {
    name: "laptop",
    content: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostileTestKeyMaterial0000000000000000 me@laptop",
  },
  "key.delete_personal": { keyName: "u000000000000-laptop" },
} satisfies ExampleInputs;
