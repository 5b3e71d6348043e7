import "server-only";
import type { ActionSpec } from "../action-spec";
import type { CallOptions, EnsClient } from "../ens";
import { instanceChangeGuard } from "./change-guard";
import { setLoginInput, type SetLoginInput } from "../validation/login";
import { invalidateLogins, loginFrom } from "./fleet";
import type { LoginState } from "./types";

export interface SetLoginResult {
  /** The state read back from ENS; null when ENS made the change but the read-back failed. */
  login: LoginState | null;
}

/**
 * Opens or closes login on one instance, then reads the state back from ENS: the caller shows
 * what ENS says, never what was asked. The change is decided (and audited) once ManageAICLogin
 * answers; the read-back runs alongside that audit write.
 */
export async function setLogin(
  client: EnsClient,
  input: Omit<SetLoginInput, "bulkId">,
  decided: (requestId: string) => void,
  opts: CallOptions = {},
): Promise<SetLoginResult> {
  const res = await client.manageAicLogin(
    {
      InstanceId: input.instanceId,
      ActionName: input.action,
      KeyName: input.keyName,
      KeyGroup: input.keyGroup,
    },
    opts,
  );
  decided(res.RequestId);
  invalidateLogins();
  try {
    const deliveries = await client.listAllPublicKeyDeliveries({ InstanceId: input.instanceId }, opts);
    return { login: loginFrom(deliveries) };
  } catch (e) {
    // The change is made: failing the action would tell the user it was not. The browser reads
    // the state again before it shows one.
    console.warn(`[console] login ${input.action} on ${input.instanceId} applied, read-back failed:`, (e as Error).message);
    return { login: null };
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
    // One change at a time per instance (a reboot or reset included), across every console process.
    guard: (i) => instanceChangeGuard(i.instanceId),
    handler: (i, ctx) => setLogin(client(), i, ctx.decided),
  };
}
