import "server-only";
import type { Actor } from "../audit/append";
import { config } from "../config";
import type { Db } from "../db/client";
import type { CallOptions, EnsClient } from "../ens";
import { ConsoleError } from "../errors";
import { loginChanged, loginOverlays } from "./leases";
import type { SetLoginInput } from "./schema";
import { invalidateLoginReads } from "../abuse/read-caches";
import { loginReadBack } from "../instances/fleet-index/live-index";
import { loginFrom } from "../instances/fleet-index/rows";
import { announce } from "../live/bus";
import { withOverlay } from "../instances/login-overlay";
import type { LoginState } from "../instances/view";
import { logger } from "../log/logger";
import { keyOwners } from "../personal-keys/read";

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
 * answers; the read-back runs alongside the lease and audit writes, and the answer waits for all
 * of them. An applied open leaves a lease (its expiry and reason), an applied close ends it.
 */
export async function setLogin(
  client: EnsClient,
  input: LoginChangeInput,
  decided: (requestId: string, result?: unknown) => void,
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
  invalidateLoginReads();
  // The read-back goes on the wire at once; what the console records runs while it is out, in the
  // order it had before: the lease, then the decision (its `completed` event). The lease and drift
  // rows are read after that write, so the state returned carries it. Should the write fail, the
  // drift pass rebuilds the lease from the open's audit record (its expiry and reason).
  const readBack = (async () => client.listAllPublicKeyDeliveries({ InstanceId: input.instanceId }, opts))();
  const overlay = (async () => {
    await loginChanged(by.db, { ...input, actor: by.actor, auditOperationId: by.auditOperationId }).catch((e) =>
      log.error({ loginAction: input.action, instanceId: input.instanceId, err: e }, "login change applied, lease not recorded"),
    );
    decided(res.RequestId, await keyOwnerResult(by.db, input.keyName));
    return (await loginOverlays(by.db, [input.instanceId])).get(input.instanceId);
  })();
  // Awaited below, in both branches; handled here too, so a failure while the read-back is out is not "unhandled".
  overlay.catch(() => {});
  try {
    const deliveries = await readBack;
    await loginReadBack(by.db, input.instanceId, deliveries);
    const o = await overlay;
    return { login: withOverlay(loginFrom(deliveries), o) };
  } catch (e) {
    await overlay.catch(() => undefined);
    // The change is made: failing the action would tell the user it was not. The browser reads
    // the state again before it shows one.
    log.warn({ loginAction: input.action, instanceId: input.instanceId, err: e }, "login change applied, read-back failed");
    announce("logins");
    return { login: null };
  }
}

/**
 * What the log keeps of a change made with a personal key: its owner as My keys recorded them,
 * so History and its exports say whose key it was (shared keys keep nothing).
 */
async function keyOwnerResult(db: Db, keyName: string | undefined): Promise<{ keyOwner: string } | undefined> {
  if (!keyName) return undefined;
  const owner = (await keyOwners(db, [keyName]).catch(() => undefined))?.get(keyName);
  return owner ? { keyOwner: owner.email } : undefined;
}

/** Refuses "no expiry" where the deployment does not allow it (the form offers it only where it does). */
export function checkNoExpiryAllowed(input: { noExpiry?: true }): void {
  if (input.noExpiry && !config().CONSOLE_LOGIN_ALLOW_NO_EXPIRY) throw new ConsoleError("Console.NoExpiryNotAllowed");
}
