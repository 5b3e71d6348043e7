import "server-only";
import type { EnsClient } from "../ens";
import { invalidateKeys } from "./read";
import type { UploadKeyInput } from "./schema";

/** Uploads a public key to ENS; the key material is public, and a private key never got this far (the schema refuses it). */
export async function uploadKey(client: EnsClient, input: UploadKeyInput): Promise<{ keyName: string; requestId: string }> {
  try {
    const res = await client.uploadAicPublicKey({
      KeyName: input.keyName,
      KeyGroup: input.keyGroup,
      KeyType: input.keyType,
      Content: input.content,
      Description: input.description,
    });
    return { keyName: input.keyName, requestId: res.RequestId };
  } finally {
    // Even a failed call may have uploaded it (a lost answer): the next list reads ENS again.
    invalidateKeys();
  }
}
