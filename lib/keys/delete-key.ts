import "server-only";
import { ConsoleError } from "../errors";
import type { EnsClient } from "../ens";
import { invalidateKeys } from "./read";

/** ENS refuses to delete a delivered key; checking first lets the console say why, and to how many. */
export async function deleteKey(client: EnsClient, keyName: string): Promise<{ keyName: string; requestId: string }> {
  const delivered = await client.listAllPublicKeyDeliveries({ KeyName: keyName });
  if (delivered.length) {
    throw new ConsoleError(
      "Console.KeyInUse",
      `Key ${keyName} is still delivered to ${delivered.length} instance(s). Close login on them first.`,
      undefined,
      { words: { key: "server.keyInUse", values: { keyName, count: delivered.length } } },
    );
  }
  try {
    const res = await client.deleteAicPublicKey({ KeyName: keyName });
    return { keyName, requestId: res.RequestId };
  } finally {
    // Even a failed call may have deleted it (a lost answer): the next list reads ENS again.
    invalidateKeys();
  }
}
