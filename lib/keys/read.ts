import "server-only";
import { sharedReadCache } from "../abuse/read-caches";
import { ens, type EnsClient } from "../ens";
import { toKeyView, type KeyView } from "./view";

/** The uploaded keys with their delivery counts, by name. */
export async function listKeys(client: EnsClient = ens()): Promise<KeyView[]> {
  const [keys, deliveries] = await Promise.all([client.listAllPublicKeys(), client.listAllPublicKeyDeliveries()]);
  const count = new Map<string, number>();
  for (const d of deliveries) if (d.KeyName) count.set(d.KeyName, (count.get(d.KeyName) ?? 0) + 1);
  return keys.map((k) => toKeyView(k, count.get(k.KeyName ?? "") ?? 0)).sort((a, b) => a.name.localeCompare(b.name));
}

// Shared briefly; a login change by this console alters the delivery counts, so it clears it too.
const keysCache = () => sharedReadCache<KeyView[]>("keys", ["login"]);

/** The key list as the page and /api/keys show it: shared briefly, cleared by this console's changes. */
export function listKeysCached(): Promise<KeyView[]> {
  return keysCache().get("all", () => listKeys());
}

/** This console uploaded or deleted a key (or may have: a lost answer): the next list reads ENS again. */
export function invalidateKeys(): void {
  keysCache().invalidate();
}
