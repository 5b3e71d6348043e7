import "server-only";
import type { ActionSpec } from "../action-spec";
import type { EnsClient } from "../ens";
import { invalidateLogins } from "../instances/fleet";
import { adoptLogin, type AdoptedLogin } from "./adopt-login";
import { extendLogin, type ExtendedLogin } from "./extend-login";
import { adoptLoginInput, extendLoginInput } from "./schema";

// The specs of the expiring-login actions: lib/actions/logins.ts binds each to the wrapper in one line.

export const extendLoginSpec: ActionSpec<typeof extendLoginInput, ExtendedLogin> = {
  name: "login.extend",
  permission: "login.set",
  input: extendLoginInput,
  audit: "event",
  target: (i) => ({ type: "instance", id: i.instanceId }),
  auditResult: (r) => ({ previousExpiresAt: r.previousExpiresAt, expiresAt: r.expiresAt }),
  handler: async (i, ctx) => {
    const r = await extendLogin(ctx.db, i);
    invalidateLogins();
    return r;
  },
};

export function adoptLoginSpec(client: () => EnsClient): ActionSpec<typeof adoptLoginInput, AdoptedLogin> {
  return {
    name: "login.adopt",
    permission: "login.set",
    input: adoptLoginInput,
    audit: "event",
    target: (i) => ({ type: "instance", id: i.instanceId }),
    auditParams: (i) => ({ reason: i.reason, durationMinutes: i.durationMinutes, noExpiry: i.noExpiry }),
    auditResult: (r) => ({ keys: r.keys, expiresAt: r.expiresAt }),
    handler: async (i, ctx) => {
      const r = await adoptLogin(ctx.db, client(), i, {
        actor: { id: ctx.user.id, email: ctx.user.email, role: ctx.user.role },
        auditOperationId: ctx.operationId,
      });
      invalidateLogins();
      return r;
    },
  };
}
