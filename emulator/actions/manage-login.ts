// ManageAICLogin (§1): associate / remove uploaded public keys with an AIC instance.
import type { AicPublicKey } from "../catalog";
import { errors } from "../errors";
import { deliveryRow } from "../state";
import { formatIsoCst } from "../util";
import type { ActionHandler } from "./types";

export const manageAicLogin: ActionHandler = (p, { state, now }) => {
  const instanceId = p.str("InstanceId", { required: true })!;
  const actionName = p.str("ActionName", { required: true, oneOf: ["open", "close"] })!;
  const keyName = p.str("KeyName", { maxLength: 128 });
  const keyGroup = p.str("KeyGroup", { maxLength: 128 });
  if (!state.fleet.instances.has(instanceId)) throw errors.invalidParameter("InstanceId");
  // Choice (UNCONFIRMED): `open` needs KeyName or KeyGroup, else InvalidParameter.KeyName.
  if (actionName === "open" && keyName === undefined && keyGroup === undefined) throw errors.invalidParameter("KeyName");

  // Choice (UNCONFIRMED): KeyGroup selects every key of that group; with both KeyName and KeyGroup
  // the selection is their union. Unknown key → InvalidParameter.KeyName, empty/unknown group →
  // InvalidParameter.KeyGroup (for open and close alike).
  const selected = new Map<string, AicPublicKey>();
  if (keyName !== undefined) {
    const key = state.findKey(keyName);
    if (!key) throw errors.invalidParameter("KeyName");
    selected.set(key.KeyName, key);
  }
  if (keyGroup !== undefined) {
    const members = state.keys.filter((k) => k.KeyGroup === keyGroup);
    if (members.length === 0) throw errors.invalidParameter("KeyGroup");
    for (const k of members) selected.set(k.KeyName, k);
  }

  if (actionName === "open") {
    // Choice (UNCONFIRMED): idempotent — an existing (key, instance) row is kept as is.
    for (const key of selected.values()) {
      const exists = state.deliveries.some((d) => d.InstanceId === instanceId && d.KeyName === key.KeyName);
      if (!exists) state.deliveries.push(deliveryRow(key, instanceId, formatIsoCst(now)));
    }
  } else {
    // close: with KeyName/KeyGroup removes those rows; with neither removes every row of the instance.
    // Idempotent: closing what is not open succeeds.
    const all = selected.size === 0;
    state.deliveries = state.deliveries.filter((d) => d.InstanceId !== instanceId || !(all || selected.has(d.KeyName)));
  }
  return {};
};
