"use server";

import { invalidateKeyReads } from "../abuse/read-caches";
import { ens } from "../ens";
import { deleteKey as deleteKeyLogic } from "../keys/delete-key";
import { deleteKeyInput, uploadKeyInput } from "../validation/login";
import { action } from "./action";

export const uploadKey = action({
  name: "key.upload",
  permission: "keys.manage",
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
    try {
      const res = await ens().uploadAicPublicKey({
        KeyName: i.keyName,
        KeyGroup: i.keyGroup,
        KeyType: i.keyType,
        Content: i.content,
        Description: i.description,
      });
      ctx.setEnsRequestId(res.RequestId);
      return { keyName: i.keyName };
    } finally {
      // Even a failed call may have uploaded it (a lost answer): the next list reads ENS again.
      invalidateKeyReads();
    }
  },
});

export const deleteKey = action({
  name: "key.delete",
  permission: "keys.manage",
  input: deleteKeyInput,
  target: (i) => ({ type: "key", id: i.keyName }),
  handler: (i, ctx) => deleteKeyLogic(ens(), i.keyName, ctx.setEnsRequestId),
});
