import "server-only";
import type { ActionSpec } from "../actions/safe-action";
import type { EnsClient } from "../ens";
import { operationTimeoutMs } from "../startup";
import { setLoginInput, type SetLoginInput } from "../validation/login";
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

/** The login toggle action: the server action and the bulk benchmark both build it from here. */
export function setLoginSpec(client: () => EnsClient): ActionSpec<typeof setLoginInput, { login: LoginState }> {
  return {
    name: (i) => `login.${i.action}`,
    permission: "login.set",
    input: setLoginInput,
    target: (i) => ({ type: "instance", id: i.instanceId }),
    auditParams: (i) => ({ action: i.action, keyName: i.keyName, keyGroup: i.keyGroup }),
    bulkId: (i) => i.bulkId,
    // One change at a time per instance, across every console process.
    guard: (i) => ({ targetId: i.instanceId, actions: ["login.open", "login.close"], windowMs: operationTimeoutMs() }),
    handler: (i, ctx) => setLogin(client(), i, ctx.setEnsRequestId),
  };
}
