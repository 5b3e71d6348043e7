"use server";

import { ens } from "../ens";
import { setLogin as setLoginLogic } from "../instances/set-login";
import { operationTimeoutMs } from "../startup";
import { setLoginInput } from "../validation/login";
import { action } from "./action";

export const setLogin = action({
  name: (i) => `login.${i.action}`,
  permission: "login.set",
  input: setLoginInput,
  target: (i) => ({ type: "instance", id: i.instanceId }),
  auditParams: (i) => ({ action: i.action, keyName: i.keyName, keyGroup: i.keyGroup }),
  bulkId: (i) => i.bulkId,
  guard: (i) => ({ targetId: i.instanceId, actions: ["login.open", "login.close"], windowMs: operationTimeoutMs() }),
  handler: (i, ctx) => setLoginLogic(ens(), i, ctx.setEnsRequestId),
});
