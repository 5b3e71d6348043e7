import "server-only";
import { readCaches } from "../abuse/read-caches";
import { ens, type EnsClient } from "../ens";

export interface KeyView {
  name: string;
  group: string;
  type: string;
  description: string;
  createdAt: string;
  deliveries: number;
}

export async function listKeys(client: EnsClient = ens()): Promise<KeyView[]> {
  const [keys, deliveries] = await Promise.all([client.listAllPublicKeys(), client.listAllPublicKeyDeliveries()]);
  const count = new Map<string, number>();
  for (const d of deliveries) if (d.KeyName) count.set(d.KeyName, (count.get(d.KeyName) ?? 0) + 1);
  return keys
    .map((k) => ({
      name: k.KeyName ?? "",
      group: k.KeyGroup ?? "",
      type: k.KeyType ?? "",
      description: k.Description ?? "",
      createdAt: k.CreationTime ?? "",
      deliveries: count.get(k.KeyName ?? "") ?? 0,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The key list as the page and /api/keys show it: shared briefly, cleared by this console's changes. */
export function listKeysCached(): Promise<KeyView[]> {
  return readCaches().keys.get("all", () => listKeys());
}
