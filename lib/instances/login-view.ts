import type { AicPublicKeyDelivery } from "../ens/types";
import type { LoginState } from "./view";

/** One key delivered to an instance, as the instance page shows it. */
export interface DeliveryView {
  keyName: string;
  keyGroup: string;
  keyType: string;
  /** When ENS delivered it, as ENS wrote it. */
  since: string;
}

/** What the instance page and /api/instances/<id> give the browser: the switch and its deliveries. */
export interface InstanceLoginView {
  login: LoginState;
  deliveries: DeliveryView[];
}

export function toInstanceLoginView(read: { login: LoginState; deliveries: readonly AicPublicKeyDelivery[] }): InstanceLoginView {
  return {
    login: read.login,
    deliveries: read.deliveries.map((d) => ({
      keyName: d.KeyName ?? "",
      keyGroup: d.KeyGroup ?? "",
      keyType: d.KeyType ?? "",
      since: d.CreationTime ?? "",
    })),
  };
}
