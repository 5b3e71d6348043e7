import "server-only";
import type { ActionSpec } from "../action-spec";
import { checkNoExpiryAllowed } from "../logins/set-login";
import { cancelOperation } from "./cancel-operation";
import { cancelOperationInput, startLoginOperationInput, startPowerOperationInput } from "./schema";
import { describeSelection, startOperation } from "./start-operation";
import type { StartedOperation } from "./types";

// The specs of the operation actions: lib/actions/operations.ts binds each to the wrapper in one line.

export const startLoginOperationSpec: ActionSpec<typeof startLoginOperationInput, StartedOperation> = {
  name: "operation.start_login",
  input: startLoginOperationInput,
  audit: "event",
  target: () => null,
  auditParams: (i) => ({
    kind: `login.${i.action}`,
    selection: describeSelection(i.selection),
    keyName: i.keyName,
    keyGroup: i.keyGroup,
    ...(i.action === "open" ? { reason: i.reason, durationMinutes: i.durationMinutes ?? null } : {}),
  }),
  auditResult: (r) => r,
  handler: (i, ctx) => {
    checkNoExpiryAllowed(i);
    return startOperation(ctx.db, {
      kind: i.action === "open" ? "login.open" : "login.close",
      selection: i.selection,
      params: {
        keyName: i.keyName ?? null,
        keyGroup: i.keyGroup ?? null,
        ...(i.action === "open" ? { durationMinutes: i.durationMinutes ?? null, reason: i.reason ?? null } : {}),
      },
      actor: ctx.actor,
      sourceIp: ctx.ip,
      userAgent: ctx.userAgent,
      submitEventOperationId: ctx.operationId,
    });
  },
};

export const startPowerOperationSpec: ActionSpec<typeof startPowerOperationInput, StartedOperation> = {
  name: "operation.start_power",
  input: startPowerOperationInput,
  audit: "event",
  target: () => null,
  auditParams: (i) => ({ kind: `instance.${i.action}`, selection: describeSelection(i.selection) }),
  auditResult: (r) => r,
  handler: (i, ctx) =>
    startOperation(ctx.db, {
      kind: i.action === "reboot" ? "instance.reboot" : "instance.reset",
      selection: i.selection,
      params: { keyName: null, keyGroup: null },
      actor: ctx.actor,
      sourceIp: ctx.ip,
      userAgent: ctx.userAgent,
      submitEventOperationId: ctx.operationId,
    }),
};

export const cancelOperationSpec: ActionSpec<typeof cancelOperationInput, { cancelled: number }> = {
  name: "operation.cancel",
  input: cancelOperationInput,
  audit: "event",
  target: (i) => ({ type: "operation", id: i.operationId }),
  auditResult: (r) => r,
  handler: (i, ctx) => cancelOperation(ctx.db, i.operationId),
};
