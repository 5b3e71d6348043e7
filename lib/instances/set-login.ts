import "server-only";
import type { ActionSpec } from "../actions/safe-action";
import type { EnsClient } from "../ens";
import { operationTimeoutMs } from "../startup";
import { setLoginInput, type SetLoginInput } from "../validation/login";
import { invalidateLogins, loginFrom } from "./fleet";
import type { LoginState } from "./types";

export interface SetLoginResult {
  login: LoginState;
  /** False when ENS accepted the change but the state could not be read back: `login` is what was asked. */
  readBack: boolean;
}

/**
 * Opens or closes login on one instance, then reads the state back from ENS: the caller shows
 * what ENS says, not what was asked. The change is decided (and audited) once ManageAICLogin
 * answers; the read-back runs alongside that audit write.
 */
export async function setLogin(client: EnsClient, input: SetLoginInput, decided: (requestId: string) => void): Promise<SetLoginResult> {
  const res = await client.manageAicLogin({
    InstanceId: input.instanceId,
    ActionName: input.action,
    KeyName: input.keyName,
    KeyGroup: input.keyGroup,
  });
  decided(res.RequestId);
  invalidateLogins();
  try {
    const deliveries = await client.listAllPublicKeyDeliveries({ InstanceId: input.instanceId });
    return { login: loginFrom(deliveries), readBack: true };
  } catch (e) {
    // The change is made; failing the action now would tell the user it was not.
    console.warn(`[console] login ${input.action} on ${input.instanceId} applied, read-back failed:`, (e as Error).message);
    const key = input.keyName ?? (input.keyGroup ? `group ${input.keyGroup}` : "");
    return { login: input.action === "open" ? { open: true, keys: key ? [key] : [] } : { open: false, keys: [] }, readBack: false };
  }
}

/** The login toggle action: the server action and the bulk benchmark both build it from here. */
export function setLoginSpec(client: () => EnsClient): ActionSpec<typeof setLoginInput, SetLoginResult> {
  return {
    name: (i) => `login.${i.action}`,
    permission: "login.set",
    input: setLoginInput,
    target: (i) => ({ type: "instance", id: i.instanceId }),
    auditParams: (i) => ({ action: i.action, keyName: i.keyName, keyGroup: i.keyGroup }),
    bulkId: (i) => i.bulkId,
    // One change at a time per instance, across every console process.
    guard: (i) => ({ targetId: i.instanceId, actions: ["login.open", "login.close"], windowMs: operationTimeoutMs() }),
    handler: (i, ctx) => setLogin(client(), i, ctx.decided),
  };
}
