import "server-only";
import type { ActionSpec } from "../action-spec";
import { deleteKey } from "./delete-key";
import { deleteKeyInput, uploadKeyInput } from "./schema";
import { uploadKey } from "./upload-key";

// The specs of the key actions: lib/actions/keys.ts binds each to the wrapper in one line.

/** Uploads a public key (a pasted private key is refused by the schema, before anything else). */
export const uploadKeySpec = {
  name: "key.upload",
  input: uploadKeyInput,
  target: (i) => ({ type: "key", id: i.keyName }),
  // The key material is public, but long; the log keeps its name, type and size.
  auditParams: (i) => ({
    keyName: i.keyName,
    keyGroup: i.keyGroup,
    keyType: i.keyType,
    contentLength: i.content.length,
    description: i.description,
  }),
  handler: async (i, ctx) => {
    const { keyName, requestId } = await uploadKey(ctx.ens(), i);
    ctx.setEnsRequestId(requestId);
    return { keyName };
  },
} satisfies ActionSpec<typeof uploadKeyInput, { keyName: string }>;

/** Deletes a public key that is delivered to no instance. */
export const deleteKeySpec = {
  name: "key.delete",
  input: deleteKeyInput,
  target: (i) => ({ type: "key", id: i.keyName }),
  handler: async (i, ctx) => {
    const { keyName, requestId } = await deleteKey(ctx.ens(), i.keyName);
    ctx.setEnsRequestId(requestId);
    return { keyName };
  },
} satisfies ActionSpec<typeof deleteKeyInput, { keyName: string }>;
