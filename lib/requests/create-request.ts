import "server-only";
import { sql } from "drizzle-orm";
import type { ActiveUser } from "../auth/session";
import type { Db } from "../db/client";
import { ConsoleError } from "../errors";
import { notifyUsers, usersWithRoles } from "../inbox/notify";
import { describeSelection, resolveSelection, type StartDeps } from "../jobs/start-job";
import { announce } from "../live/bus";
import { readPolicy } from "../policy/policy";
import { requirePersonalKey } from "../personal-keys/require-personal-key";
import { approverRoles, askValues, type StoredDetails } from "./details";
import type { CreateRequestInput } from "./schema";

export interface CreatedRequest {
  requestId: string;
  state: "pending";
  approvalsNeeded: number;
}

/**
 * Records a request for a login or a share, pending until enough others approve it or the
 * policy's wait runs out, and tells those who may approve. A login request's instances are
 * resolved now (ids not in the fleet, or a filter that no longer gives N, are refused) and again
 * when it is carried out. Nothing is sent to ENS.
 */
export async function createRequest(
  db: Db,
  input: CreateRequestInput,
  by: { user: ActiveUser; auditOperationId: string },
  deps?: StartDeps,
): Promise<CreatedRequest> {
  const policy = await readPolicy(db);
  let details: StoredDetails;
  if (input.kind === "login") {
    if (input.durationMinutes > policy.loginMaxMinutes)
      throw new ConsoleError("Console.InvalidInput", `The access policy allows at most ${policy.loginMaxMinutes} minutes.`, undefined, {
        words: { key: "server.overPolicyMinutes", values: { max: policy.loginMaxMinutes } },
      });
    await requirePersonalKey(db, by.user.id, input);
    const ids = await resolveSelection(input.selection, deps?.fleet);
    details = {
      kind: "login",
      selection: input.selection,
      described: describeSelection(input.selection),
      count: ids.length,
      keyName: input.keyName ?? null,
      keyGroup: input.keyGroup ?? null,
      durationMinutes: input.durationMinutes,
    };
  } else {
    details = { kind: "share", imageId: input.imageId, users: input.users };
  }
  const approvalsNeeded = input.kind === "login" ? policy.loginApprovals : 1;
  const approvers = input.kind === "login" ? policy.loginApprovers : "operators";
  await recordRequest(
    db,
    { id: input.requestId, details, reason: input.reason, approvalsNeeded, approvers, waitMinutes: policy.requestWaitMinutes },
    by,
  );
  return { requestId: input.requestId, state: "pending", approvalsNeeded };
}

/**
 * The approval a schedule that opens logins needs where the policy asks for approval: once, when it
 * is created or changed, not per run. Approvers see the schedule, its saved view and the duration.
 */
export async function createScheduleRequest(
  db: Db,
  schedule: { scheduleId: string; name: string; viewName: string; durationMinutes: number | null; repeat: string | null; reason: string },
  by: { user: ActiveUser; auditOperationId: string },
): Promise<string> {
  const policy = await readPolicy(db);
  const id = crypto.randomUUID();
  const details: StoredDetails = { kind: "schedule", ...schedule };
  await recordRequest(
    db,
    {
      id,
      details,
      reason: schedule.reason,
      approvalsNeeded: policy.loginApprovals,
      approvers: policy.loginApprovers,
      waitMinutes: policy.requestWaitMinutes,
    },
    by,
  );
  return id;
}

/** Writes a pending request, tells those who may approve it, and announces it: every kind the same way. */
async function recordRequest(
  db: Db,
  r: {
    id: string;
    details: StoredDetails;
    reason: string;
    approvalsNeeded: number;
    approvers: "operators" | "admins";
    waitMinutes: number;
  },
  by: { user: ActiveUser; auditOperationId: string },
): Promise<void> {
  await db.execute(
    sql`INSERT INTO access_requests (id, kind, requester_id, requester_email, requester_role, reason, details, approvals_needed, approvers, expires_at, audit_operation_id)
      VALUES (${r.id}, ${r.details.kind}, ${by.user.id}::uuid, ${by.user.email}, ${by.user.role}, ${r.reason}, ${JSON.stringify(r.details)}::jsonb,
        ${r.approvalsNeeded}, ${r.approvers}, clock_timestamp() + make_interval(mins => ${r.waitMinutes}), ${by.auditOperationId}::uuid)`,
  );
  await notifyUsers(db, await usersWithRoles(db, approverRoles(r.approvers), by.user.id), {
    kind: "request_waiting",
    subject: r.id,
    params: { requester: by.user.email, ...askValues(r.details), href: `/requests/${r.id}` },
  });
  announce("requests");
}
