import "server-only";
import type { ActionSpec } from "../action-spec";
import { invalidateLogins } from "../instances/read";
import { instanceChangeGuard } from "../instances/change-guard";
import { adoptLogin, type AdoptedLogin } from "./adopt-login";
import { extendLogin, type ExtendedLogin } from "./extend-login";
import { adoptLoginInput, extendLoginInput, setLoginInput } from "./schema";
import { checkNoExpiryAllowed, setLogin, type SetLoginResult } from "./set-login";
import { requireDirect } from "../policy/policy";
import { requirePersonalKey } from "../personal-keys/require-personal-key";

// The specs of the login actions: lib/actions/logins.ts binds each to the wrapper in one line.

/** Opens or closes login on one instance; the state returned is read back from ENS. */
export const setLoginSpec = {
  // A refused call is named from its raw input where that names a known action (lib/actions/safe-action.ts).
  name: (i) => `login.${i.action}` as const,
  refusedName: "login.set",
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
  // One change at a time per instance (a reboot or reset included), across every console process.
  guard: (i) => instanceChangeGuard(i.instanceId),
  handler: async (i, ctx) => {
    checkNoExpiryAllowed(i);
    if (i.action === "open") {
      await requireDirect(ctx.db, ctx.user.role, "login");
      await requirePersonalKey(ctx.db, ctx.user.id, i);
    }
    return setLogin(ctx.ens(), i, ctx.decided, { db: ctx.db, actor: ctx.actor, auditOperationId: ctx.operationId });
  },
} satisfies ActionSpec<typeof setLoginInput, SetLoginResult>;

/** Moves a held login's expiry, by minutes or to a time (at most 24 h from now). */
export const extendLoginSpec = {
  name: "login.extend",
  input: extendLoginInput,
  audit: "event",
  target: (i) => ({ type: "instance", id: i.instanceId }),
  auditResult: (r) => ({ previousExpiresAt: r.previousExpiresAt, expiresAt: r.expiresAt }),
  handler: async (i, ctx) => {
    // Extending is more access: under an approval policy it takes a new request.
    await requireDirect(ctx.db, ctx.user.role, "login");
    const r = await extendLogin(ctx.db, i);
    invalidateLogins();
    return r;
  },
} satisfies ActionSpec<typeof extendLoginInput, ExtendedLogin>;

/** Takes a login opened outside the console under its care, with a reason and an expiry. */
export const adoptLoginSpec = {
  name: "login.adopt",
  input: adoptLoginInput,
  audit: "event",
  target: (i) => ({ type: "instance", id: i.instanceId }),
  auditParams: (i) => ({ reason: i.reason, durationMinutes: i.durationMinutes, noExpiry: i.noExpiry }),
  auditResult: (r) => ({ keys: r.keys, expiresAt: r.expiresAt }),
  handler: async (i, ctx) => {
    const r = await adoptLogin(ctx.db, ctx.ens(), i, { actor: ctx.actor, auditOperationId: ctx.operationId });
    invalidateLogins();
    return r;
  },
} satisfies ActionSpec<typeof adoptLoginInput, AdoptedLogin>;
