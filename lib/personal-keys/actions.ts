import "server-only";
import type { ActionSpec } from "../action-spec";
import { deletePersonalKey } from "./delete-personal-key";
import { deletePersonalKeyInput, uploadPersonalKeyInput } from "./schema";
import { uploadPersonalKey } from "./upload-personal-key";

// The specs of My keys: lib/actions/personal-keys.ts binds each to the wrapper in one line.

export const uploadPersonalKeySpec = {
  name: "key.upload_personal",
  input: uploadPersonalKeyInput,
  target: (i) => ({ type: "key", id: i.name }),
  // The key material is public but long: the log keeps its name and size; the ENS name and the
  // fingerprint are in the result.
  auditParams: (i) => ({ name: i.name, contentLength: i.content.length }),
  auditResult: (r) => ({ keyName: r.keyName, fingerprint: r.fingerprint }),
  handler: async (i, ctx) => {
    const r = await uploadPersonalKey(ctx.db, ctx.ens(), i, { id: ctx.user.id, email: ctx.user.email });
    ctx.setEnsRequestId(r.requestId);
    return { keyName: r.keyName, fingerprint: r.fingerprint };
  },
} satisfies ActionSpec<typeof uploadPersonalKeyInput, { keyName: string; fingerprint: string }>;

export const deletePersonalKeySpec = {
  name: "key.delete_personal",
  input: deletePersonalKeyInput,
  target: (i) => ({ type: "key", id: i.keyName }),
  handler: async (i, ctx) => {
    const r = await deletePersonalKey(ctx.db, ctx.ens(), i.keyName, ctx.user.id);
    ctx.setEnsRequestId(r.requestId);
    return { keyName: r.keyName };
  },
} satisfies ActionSpec<typeof deletePersonalKeyInput, { keyName: string }>;
