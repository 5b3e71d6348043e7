import "server-only";
import type { ActionContext, ActionSpec } from "../action-spec";
import { checkNoExpiryAllowed } from "../logins/set-login";
import { requireDirect } from "../policy/policy";
import { requirePersonalKey } from "../personal-keys/require-personal-key";
import { cancelJob } from "./cancel-job";
import { cancelJobInput, retryFailedInput, revertJobInput, startLoginJobInput, startPowerJobInput, stopRuleOf } from "./schema";
import { retryFailed, revertJob, type FollowUpBy } from "./follow-up";
import { describeSelection, startJob } from "./start-job";
import type { StartedJob } from "./types";

// The specs of the job actions (audited as operation.*): lib/actions/operations.ts binds each to the wrapper in one line.

export const startLoginJobSpec: ActionSpec<typeof startLoginJobInput, StartedJob> = {
  name: "operation.start_login",
  input: startLoginJobInput,
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
  handler: async (i, ctx) => {
    checkNoExpiryAllowed(i);
    if (i.action === "open") {
      await requireDirect(ctx.db, ctx.user.role, "login");
      await requirePersonalKey(ctx.db, ctx.user.id, i);
    }
    return startJob(ctx.db, {
      kind: i.action === "open" ? "login.open" : "login.close",
      selection: i.selection,
      params: {
        keyName: i.keyName ?? null,
        keyGroup: i.keyGroup ?? null,
        ...(i.action === "open" ? { durationMinutes: i.durationMinutes ?? null, reason: i.reason ?? null } : {}),
        ...stopRuleOf(i),
      },
      actor: ctx.actor,
      sourceIp: ctx.ip,
      userAgent: ctx.userAgent,
      submitEventOperationId: ctx.operationId,
    });
  },
};

export const startPowerJobSpec: ActionSpec<typeof startPowerJobInput, StartedJob> = {
  name: "operation.start_power",
  input: startPowerJobInput,
  audit: "event",
  target: () => null,
  auditParams: (i) => ({ kind: `instance.${i.action}`, selection: describeSelection(i.selection) }),
  auditResult: (r) => r,
  handler: (i, ctx) =>
    startJob(ctx.db, {
      kind: i.action === "reboot" ? "instance.reboot" : "instance.reset",
      selection: i.selection,
      params: { keyName: null, keyGroup: null, ...stopRuleOf(i) },
      actor: ctx.actor,
      sourceIp: ctx.ip,
      userAgent: ctx.userAgent,
      submitEventOperationId: ctx.operationId,
    }),
};

export const cancelJobSpec: ActionSpec<typeof cancelJobInput, { cancelled: number }> = {
  name: "operation.cancel",
  input: cancelJobInput,
  audit: "event",
  target: (i) => ({ type: "operation", id: i.operationId }),
  auditResult: (r) => r,
  handler: (i, ctx) => cancelJob(ctx.db, i.operationId),
};

/** The context's follow-up checks: an open asks the policy and the personal-key rule first. */
const followUpBy = (ctx: ActionContext): FollowUpBy => ({
  actor: ctx.actor,
  sourceIp: ctx.ip,
  userAgent: ctx.userAgent,
  beforeOpen: async (key) => {
    await requireDirect(ctx.db, ctx.user.role, "login");
    await requirePersonalKey(ctx.db, ctx.user.id, key);
  },
});

/** A new operation over the failed items of a finished one, linked to it. */
export const retryFailedSpec: ActionSpec<typeof retryFailedInput, StartedJob> = {
  name: "operation.retry_failed",
  input: retryFailedInput,
  audit: "event",
  target: (i) => ({ type: "operation", id: i.operationId }),
  auditResult: (r) => r,
  handler: (i, ctx) => retryFailed(ctx.db, i.operationId, followUpBy(ctx)),
};

/** Undoes a finished open (closes what is still as it left it) or close (reopens, for a duration and a reason). */
export const revertJobSpec: ActionSpec<typeof revertJobInput, StartedJob> = {
  name: "operation.revert",
  input: revertJobInput,
  audit: "event",
  target: (i) => ({ type: "operation", id: i.operationId }),
  auditResult: (r) => r,
  handler: (i, ctx) => revertJob(ctx.db, i, followUpBy(ctx)),
};
