import type { AicPublicKeyDelivery } from "../ens/types";

/**
 * Whether ENS's deliveries show a login change as made: an open with its key (or any key of its
 * group) delivered, a close with it gone.
 */
export function loginApplied(
  action: "open" | "close",
  p: { keyName?: string | null; keyGroup?: string | null },
  deliveries: readonly AicPublicKeyDelivery[],
): boolean {
  const keys = new Set(deliveries.filter((d) => !p.keyGroup || d.KeyGroup === p.keyGroup).map((d) => d.KeyName));
  const open = p.keyName ? keys.has(p.keyName) : p.keyGroup ? keys.size > 0 : deliveries.length > 0;
  return action === "open" ? open : !open;
}
