import "server-only";
import type { ActionSpec } from "../action-spec";
import { instanceChangeGuard } from "../instances/change-guard";
import { invalidateLogins } from "../instances/read";
import type { SetLoginResult } from "../logins/set-login";
import { breakGlassLogin, reviewBreakGlass } from "./break-glass";
import { carryOut } from "./carry-out";
import { createRequest, type CreatedRequest } from "./create-request";
import { approveRequest, cancelRequest, denyRequest, type Decided } from "./decide-request";
import { updatePolicy } from "../policy/policy";
import {
  accessPolicyInput,
  approveRequestInput,
  breakGlassInput,
  cancelRequestInput,
  createRequestInput,
  denyRequestInput,
  reviewBreakGlassInput,
  type AccessPolicy,
} from "./schema";

// The specs of the access-request actions: lib/actions/requests.ts binds each to the wrapper in one line.

const requestTarget = (i: { requestId: string }) => ({ type: "request", id: i.requestId });

/** A request for a login or a share: pending until approved; nothing reaches ENS. */
export const createRequestSpec = {
  name: "request.create",
  input: createRequestInput,
  audit: "event",
  target: (i) => ({ type: "request", id: i.requestId }),
  auditResult: (r) => r,
  handler: (i, ctx) => createRequest(ctx.db, i, { user: ctx.user, auditOperationId: ctx.operationId }),
} satisfies ActionSpec<typeof createRequestInput, CreatedRequest>;

/**
 * An approval; the last one carries the request out at once (a login becomes an engine operation,
 * a share is sent). Should this process die first, the requests pass carries it out.
 */
export const approveRequestSpec = {
  name: "request.approve",
  input: approveRequestInput,
  audit: "event",
  target: requestTarget,
  auditResult: (r) => r,
  handler: async (i, ctx) => {
    const decided = await approveRequest(ctx.db, i, { user: ctx.user, auditOperationId: ctx.operationId });
    // After the approval's own record, so the log reads request → approve → open.
    if (decided.state === "approved") ctx.afterAudit(() => carryOut(ctx.db, i.requestId, { ens: ctx.ens() }));
    return decided;
  },
} satisfies ActionSpec<typeof approveRequestInput, Decided>;

export const denyRequestSpec = {
  name: "request.deny",
  input: denyRequestInput,
  audit: "event",
  target: requestTarget,
  auditResult: (r) => r,
  handler: (i, ctx) => denyRequest(ctx.db, i, { user: ctx.user, auditOperationId: ctx.operationId }),
} satisfies ActionSpec<typeof denyRequestInput, Decided>;

export const cancelRequestSpec = {
  name: "request.cancel",
  input: cancelRequestInput,
  audit: "event",
  target: requestTarget,
  auditResult: (r) => r,
  handler: (i, ctx) => cancelRequest(ctx.db, i.requestId, ctx.user),
} satisfies ActionSpec<typeof cancelRequestInput, { requestId: string; state: "cancelled" }>;

/** Opens at once without approval (at most an hour); an admin reviews it afterwards. */
export const breakGlassSpec = {
  name: "login.break_glass",
  input: breakGlassInput,
  target: (i) => ({ type: "instance", id: i.instanceId }),
  // As an open's: the resolution and drift passes read them (a lost answer, a lost lease).
  auditParams: (i) => ({
    action: "open",
    keyName: i.keyName,
    keyGroup: i.keyGroup,
    reason: i.reason,
    durationMinutes: i.durationMinutes,
    expiresAt: i.expiresAt,
  }),
  guard: (i) => instanceChangeGuard(i.instanceId),
  handler: async (i, ctx) => {
    const r = await breakGlassLogin(ctx.db, ctx.ens(), i, ctx.decided, { user: ctx.user, auditOperationId: ctx.operationId });
    invalidateLogins();
    return r;
  },
} satisfies ActionSpec<typeof breakGlassInput, SetLoginResult>;

export const reviewBreakGlassSpec = {
  name: "login.review_break_glass",
  input: reviewBreakGlassInput,
  audit: "event",
  target: (i) => ({ type: "operation", id: i.operationId }),
  auditResult: (r) => r,
  handler: (i, ctx) => reviewBreakGlass(ctx.db, i, ctx.user),
} satisfies ActionSpec<typeof reviewBreakGlassInput, { operationId: string; instanceId: string }>;

/** The policy's old and new values are both kept in the log. */
export const updatePolicySpec = {
  name: "policy.update",
  input: accessPolicyInput,
  audit: "event",
  target: () => null,
  auditResult: (r) => ({ previous: r.previous }),
  handler: (i, ctx) => updatePolicy(ctx.db, i, ctx.user.email),
} satisfies ActionSpec<typeof accessPolicyInput, { previous: AccessPolicy; policy: AccessPolicy }>;
