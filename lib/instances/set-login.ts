import "server-only";
import type { EnsClient } from "../ens";
import type { SetLoginInput } from "../validation/login";
import { invalidateLogins, loginFrom } from "./fleet";
import type { LoginState } from "./types";

/**
 * Opens or closes login on one instance, then reads the state back from ENS: the caller shows
 * what ENS says, not what was asked.
 */
export async function setLogin(client: EnsClient, input: SetLoginInput, onRequestId: (id: string) => void): Promise<{ login: LoginState }> {
  const res = await client.manageAicLogin({
    InstanceId: input.instanceId,
    ActionName: input.action,
    KeyName: input.keyName,
    KeyGroup: input.keyGroup,
  });
  onRequestId(res.RequestId);
  invalidateLogins();
  const deliveries = await client.listAllPublicKeyDeliveries({ InstanceId: input.instanceId });
  return { login: loginFrom(deliveries) };
}
