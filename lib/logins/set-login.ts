import "server-only";
import type { ActionSpec } from "../action-spec";
import type { Actor } from "../audit/append";
import { config } from "../config";
import type { Db } from "../db/client";
import type { CallOptions, EnsClient } from "../ens";
import { ConsoleError } from "../errors";
import { loginChanged, loginOverlays } from "./leases";
import { instanceChangeGuard } from "../instances/change-guard";
import { setLoginInput, type SetLoginInput } from "../validation/login";
import { invalidateLoginReads } from "../abuse/read-caches";
import { loginReadBack } from "../instances/fleet-index/live-index";
import { loginFrom } from "../instances/fleet-index/rows";
import { announce } from "../live/bus";
import { withOverlay } from "../instances/login-overlay";
import type { LoginState } from "../instances/types";
import { logger } from "../log/logger";

const log = logger("logins");

export interface SetLoginResult {
  /** The state read back from ENS; null when ENS made the change but the read-back failed. */
  login: LoginState | null;
}

/** Who makes a login change, and the audited operation it is: the lease an open leaves names both. */
export interface LoginChangeBy {
  db: Db;
  actor: Actor | null;
  auditOperationId: string;
}

/** The login change without the fields only the toggle's form has. */
export type LoginChangeInput = Pick<SetLoginInput, "instanceId" | "action" | "keyName" | "keyGroup" | "expiresAt" | "reason">;

/**
 * Opens or closes login on one instance, then reads the state back from ENS: the caller shows
 * what ENS says, never what was asked. The change is decided (and audited) once ManageAICLogin
 * answers; the read-back runs alongside that audit write. An applied open leaves a lease (its
 * expiry and reason), an applied close ends it.
 */
export async function setLogin(
  client: EnsClient,
  input: LoginChangeInput,
  decided: (requestId: string) => void,
  by: LoginChangeBy,
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
  invalidateLoginReads();
  // Recorded before the read-back, so the state returned carries it. Should this write fail, the
  // drift pass rebuilds the lease from the open's audit record (its expiry and reason).
  await loginChanged(by.db, { ...input, actor: by.actor, auditOperationId: by.auditOperationId }).catch((e) =>
    log.error({ loginAction: input.action, instanceId: input.instanceId, err: e }, "login change applied, lease not recorded"),
  );
  try {
    const deliveries = await client.listAllPublicKeyDeliveries({ InstanceId: input.instanceId }, opts);
    await loginReadBack(by.db, input.instanceId, deliveries);
    const overlay = (await loginOverlays(by.db, [input.instanceId])).get(input.instanceId);
    return { login: withOverlay(loginFrom(deliveries), overlay) };
  } catch (e) {
    // The change is made: failing the action would tell the user it was not. The browser reads
    // the state again before it shows one.
    log.warn({ loginAction: input.action, instanceId: input.instanceId, err: e }, "login change applied, read-back failed");
    announce("logins");
    return { login: null };
  }
}

/** Refuses "no expiry" where the deployment does not allow it (the form offers it only where it does). */
export function checkNoExpiryAllowed(input: { noExpiry?: true }): void {
  if (input.noExpiry && !config().CONSOLE_LOGIN_ALLOW_NO_EXPIRY) throw new ConsoleError("Console.NoExpiryNotAllowed");
}

/** The login toggle action: the server action and the bulk benchmark both build it from here. */
export function setLoginSpec(client: () => EnsClient): ActionSpec<typeof setLoginInput, SetLoginResult> {
  return {
    name: (i) => `login.${i.action}`,
    permission: "login.set",
    input: setLoginInput,
    target: (i) => ({ type: "instance", id: i.instanceId }),
    auditParams: (i) =>
      i.action === "open"
        ? {
            action: i.action,
            keyName: i.keyName,
            keyGroup: i.keyGroup,
            reason: i.reason,
            durationMinutes: i.durationMinutes,
            expiresAt: i.expiresAt,
          }
        : { action: i.action, keyName: i.keyName, keyGroup: i.keyGroup },
    bulkId: (i) => i.bulkId,
    // One change at a time per instance (a reboot or reset included), across every console process.
    guard: (i) => instanceChangeGuard(i.instanceId),
    handler: (i, ctx) => {
      checkNoExpiryAllowed(i);
      return setLogin(client(), i, ctx.decided, {
        db: ctx.db,
        actor: { id: ctx.user.id, email: ctx.user.email, role: ctx.user.role },
        auditOperationId: ctx.operationId,
      });
    },
  };
}
