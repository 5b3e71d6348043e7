import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { ActiveUser } from "../auth/session";
import { queryRows, type Db } from "../db/client";
import { ConsoleError } from "../errors";
import { notifyUsers } from "../inbox/notify";
import { announce } from "../live/bus";
import { approverRoles } from "./details";
import type { AccessRequestRow } from "../db/schema";

export interface Decided {
  requestId: string;
  state: "pending" | "approved" | "denied";
  approvals: number;
  approvalsNeeded: number;
  /** The engine operation that will carry out an approved login request. */
  operationId: string | null;
}

type Locked = Pick<AccessRequestRow, "state" | "kind" | "approvers"> & {
  requester_id: string;
  requester_email: string;
  approvals_needed: number;
};

function noRequest(id: string): ConsoleError {
  return new ConsoleError("Console.NotFound", `No request ${id}.`, undefined, { words: { key: "server.noRequest", values: { id } } });
}

/** The checks every decision passes: pending, not one's own, an approver under the policy, not decided before. */
async function lockForDecision(tx: Db, requestId: string, user: ActiveUser): Promise<Locked> {
  const [r] = await queryRows<Locked>(
    tx,
    sql`SELECT state, kind, approvers, requester_id, requester_email, approvals_needed FROM access_requests WHERE id = ${requestId}::uuid FOR UPDATE`,
  );
  if (!r) throw noRequest(requestId);
  if (r.state !== "pending") throw new ConsoleError("Console.RequestClosed");
  if (r.requester_id === user.id) throw new ConsoleError("Console.SelfApproval");
  if (!approverRoles(r.approvers).includes(user.role)) throw new ConsoleError("Console.NotAnApprover");
  const [already] = await queryRows<{ n: number }>(
    tx,
    sql`SELECT 1 AS n FROM access_request_decisions WHERE request_id = ${requestId}::uuid AND actor_id = ${user.id}::uuid`,
  );
  if (already) throw new ConsoleError("Console.AlreadyDecided");
  return r;
}

export interface DecisionBy {
  user: ActiveUser;
  auditOperationId: string;
}

/**
 * One approval. The request row is locked while it is counted, so two approvers deciding at once
 * are counted one after the other; on the last approval it becomes `approved` and, for a login,
 * the id of the operation that carries it out is fixed here, so it is started once however often
 * carrying it out is tried (lib/requests/carry-out.ts).
 */
export async function approveRequest(db: Db, input: { requestId: string; comment?: string }, by: DecisionBy): Promise<Decided> {
  const res = await db.transaction(async (tx) => {
    const r = await lockForDecision(tx as unknown as Db, input.requestId, by.user);
    await tx.execute(
      sql`INSERT INTO access_request_decisions (request_id, actor_id, actor_email, decision, comment, audit_operation_id)
        VALUES (${input.requestId}::uuid, ${by.user.id}::uuid, ${by.user.email}, 'approve', ${input.comment || null}, ${by.auditOperationId}::uuid)`,
    );
    const [{ n }] = await queryRows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM access_request_decisions WHERE request_id = ${input.requestId}::uuid AND decision = 'approve'`,
    );
    const approvals = Number(n);
    if (approvals < r.approvals_needed)
      return {
        r,
        out: { requestId: input.requestId, state: "pending", approvals, approvalsNeeded: r.approvals_needed, operationId: null } as Decided,
      };
    const jobId = r.kind === "login" ? randomUUID() : null;
    await tx.execute(
      sql`UPDATE access_requests SET state = 'approved', decided_at = clock_timestamp(), job_id = ${jobId}::uuid WHERE id = ${input.requestId}::uuid`,
    );
    return {
      r,
      out: { requestId: input.requestId, state: "approved", approvals, approvalsNeeded: r.approvals_needed, operationId: jobId } as Decided,
    };
  });
  if (res.out.state === "approved")
    await notifyUsers(db, [res.r.requester_id], {
      kind: "request_approved",
      subject: input.requestId,
      params: { by: by.user.email, href: `/requests/${input.requestId}` },
    });
  announce("requests");
  return res.out;
}

/** A denial (with its comment) ends the request at once. */
export async function denyRequest(db: Db, input: { requestId: string; comment: string }, by: DecisionBy): Promise<Decided> {
  const r = await db.transaction(async (tx) => {
    const locked = await lockForDecision(tx as unknown as Db, input.requestId, by.user);
    await tx.execute(
      sql`INSERT INTO access_request_decisions (request_id, actor_id, actor_email, decision, comment, audit_operation_id)
        VALUES (${input.requestId}::uuid, ${by.user.id}::uuid, ${by.user.email}, 'deny', ${input.comment}, ${by.auditOperationId}::uuid)`,
    );
    await tx.execute(
      sql`UPDATE access_requests SET state = 'denied', decided_at = clock_timestamp(), ended_at = clock_timestamp() WHERE id = ${input.requestId}::uuid`,
    );
    return locked;
  });
  await notifyUsers(db, [r.requester_id], {
    kind: "request_denied",
    subject: input.requestId,
    params: { by: by.user.email, comment: input.comment, href: `/requests/${input.requestId}` },
  });
  announce("requests");
  const [{ n }] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM access_request_decisions WHERE request_id = ${input.requestId}::uuid AND decision = 'approve'`,
  );
  return { requestId: input.requestId, state: "denied", approvals: Number(n), approvalsNeeded: r.approvals_needed, operationId: null };
}

/** The requester withdraws a pending request. */
export async function cancelRequest(db: Db, requestId: string, user: ActiveUser): Promise<{ requestId: string; state: "cancelled" }> {
  const rows = await queryRows<{ state: string; requester_id: string }>(
    db,
    sql`SELECT state, requester_id FROM access_requests WHERE id = ${requestId}::uuid`,
  );
  if (!rows.length || rows[0].requester_id !== user.id) throw noRequest(requestId);
  const done = await queryRows<{ id: string }>(
    db,
    sql`UPDATE access_requests SET state = 'cancelled', ended_at = clock_timestamp()
      WHERE id = ${requestId}::uuid AND state = 'pending' AND requester_id = ${user.id}::uuid RETURNING id`,
  );
  if (!done.length) throw new ConsoleError("Console.RequestClosed");
  announce("requests");
  return { requestId, state: "cancelled" };
}
