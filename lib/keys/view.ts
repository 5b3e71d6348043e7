import type { AicPublicKey } from "../ens/types";

// What the keys page and the key picker render: camelCase, never ENS's records. Client-safe.

export interface KeyView {
  name: string;
  group: string;
  type: string;
  description: string;
  createdAt: string;
  /** How many instances the key is delivered to now (it cannot be deleted while any). */
  deliveries: number;
}

/** One ENS key record as the UI shows it, with its delivery count. */
export function toKeyView(key: AicPublicKey, deliveries: number): KeyView {
  return {
    name: key.KeyName ?? "",
    group: key.KeyGroup ?? "",
    type: key.KeyType ?? "",
    description: key.Description ?? "",
    createdAt: key.CreationTime ?? "",
    deliveries,
  };
}
