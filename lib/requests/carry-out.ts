import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Actor } from "../audit/append";
import { appendEvent } from "../audit/append";
import { auditedOperation } from "../audit/audited-operation";
import { queryRows, type Db } from "../db/client";
import type { EnsClient } from "../ens";
import { ConsoleError, toActionError } from "../errors";
import { notifyUsers } from "../inbox/notify";
import { shareImage } from "../images/share-image";
import { ENS_SHARE_BATCH } from "../images/uid";
import { enqueueRecorded, recordJob, resolveSelection, type StartDeps } from "../jobs/start-job";
import { announce } from "../live/bus";
import { logger } from "../log/logger";
import type { StoredDetails } from "./details";

const log = logger("requests");

/** The console itself, where a request ends without a person deciding (expiry, failure). */
export const REQUESTS_ACTOR: Actor = { id: null, email: "system:requests", role: "system" };

/** A process that claimed a request and said nothing for this long is taken to have died. */
const CLAIM_STALE_SECONDS = 60;

interface Claimed {
  id: string;
  kind: "login" | "share" | "schedule";
  details: StoredDetails;
  reason: string;
  requester_id: string;
  requester_email: string;
  requester_role: string;
  job_id: string | null;
}

export interface CarryOutDeps extends Partial<StartDeps> {
  ens: EnsClient;
}

/**
 * Carries out an approved request on the requester's behalf: a login request becomes an engine
 * operation (its id fixed at approval, so it is started once: a retry after a crash finds the
 * operation's row and stops), a share is sent to ENS as the requester. The audit records name the
 * requester as actor and carry the request id and its approvers. A selection that no longer gives
 * N instances, a key deleted meanwhile or an ENS refusal ends the request `failed`.
 */
export async function carryOut(db: Db, requestId: string, deps: CarryOutDeps): Promise<"started" | "done" | "failed" | "skipped"> {
  const [r] = await queryRows<Claimed>(
    db,
    sql`UPDATE access_requests SET carry_claimed_at = clock_timestamp()
      WHERE id = ${requestId}::uuid AND state = 'approved'
        AND (carry_claimed_at IS NULL OR carry_claimed_at < clock_timestamp() - make_interval(secs => ${CLAIM_STALE_SECONDS}))
        AND (job_id IS NULL OR NOT EXISTS (SELECT 1 FROM operations o WHERE o.id = access_requests.job_id))
      RETURNING id, kind, details, reason, requester_id, requester_email, requester_role, job_id`,
  );
  if (!r) return "skipped";
  const approvers = (
    await queryRows<{ actor_email: string }>(
      db,
      sql`SELECT actor_email FROM access_request_decisions WHERE request_id = ${requestId}::uuid AND decision = 'approve' ORDER BY at`,
    )
  ).map((a) => a.actor_email);
  const actor: Actor = { id: r.requester_id, email: r.requester_email, role: r.requester_role };
  try {
    if (r.details.kind === "login") {
      await startLoginJob(db, r, r.details, actor, approvers, deps);
      return "started";
    }
    if (r.details.kind === "schedule") {
      // Approved once, not per run: the schedule runs from now on (unless it was edited meanwhile,
      // which asked for a new approval and names another request).
      await db.execute(
        sql`UPDATE schedules SET approved = true, updated_at = clock_timestamp()
          WHERE id = ${r.details.scheduleId}::uuid AND approval_request_id = ${requestId}::uuid AND deleted_at IS NULL`,
      );
      await endRequest(db, requestId, "done");
      return "done";
    }
    const d = r.details;
    const res = await auditedOperation(
      db,
      {
        operationId: randomUUID(),
        actor,
        action: "image.share",
        target: { type: "image", id: d.imageId },
        params: {
          imageId: d.imageId,
          users: d.users,
          batches: Math.ceil(d.users.length / ENS_SHARE_BATCH),
          requestId,
          approvedBy: approvers,
        },
        phase: "requested",
      },
      () => shareImage(deps.ens, { imageId: d.imageId, users: d.users }),
      { auditResult: (o) => o },
    );
    // Unknown: ENS may have shared. The claim goes stale and the pass shares again (sharing
    // with a user ID twice changes nothing), until ENS gives an answer.
    if (!res.ok && res.outcome === "unknown") return "skipped";
    if (!res.ok) {
      await failRequest(db, requestId, res.error.message);
      return "failed";
    }
    await endRequest(db, requestId, "done");
    return "done";
  } catch (e) {
    // Another process carried it out meanwhile (it held a claim this one took as stale): its job stands.
    if (isUniqueViolation(e)) return "skipped";
    const error = toActionError(e);
    if (error.retryable && !(await approvedLongAgo(db, requestId))) {
      // A passing refusal (ENS busy, throttled): the next pass tries again.
      await db.execute(sql`UPDATE access_requests SET carry_claimed_at = NULL WHERE id = ${requestId}::uuid AND state = 'approved'`);
      log.warn({ requestId, code: error.code }, "an approved request could not be carried out yet; the requests pass retries it");
      return "skipped";
    }
    log.warn({ requestId, err: e }, "an approved request could not be carried out");
    await failRequest(db, requestId, error.message);
    return "failed";
  }
}

async function startLoginJob(
  db: Db,
  r: Claimed,
  d: Extract<StoredDetails, { kind: "login" }>,
  actor: Actor,
  approvers: string[],
  deps: CarryOutDeps,
): Promise<void> {
  const jobId = r.job_id!;
  const ids = await resolveSelection(d.selection, deps.fleet);
  const keys = await deps.ens.listAllPublicKeys();
  if (d.keyName && !keys.some((k) => k.KeyName === d.keyName))
    throw new ConsoleError("Console.NotFound", `The key ${d.keyName} was deleted since the request was made.`, undefined, {
      words: { key: "server.keyGone", values: { key: d.keyName } },
    });
  if (!d.keyName && d.keyGroup && !keys.some((k) => k.KeyGroup === d.keyGroup))
    throw new ConsoleError("Console.NotFound", `No key of the group ${d.keyGroup} is left since the request was made.`, undefined, {
      words: { key: "server.keyGroupGone", values: { group: d.keyGroup } },
    });
  // Items of an earlier try that died before the operation's row: no worker ever saw them.
  await db.execute(sql`DELETE FROM operation_items WHERE operation_id = ${jobId}::uuid`);
  await recordJob(db, jobId, {
    kind: "login.open",
    ids,
    params: {
      keyName: d.keyName,
      keyGroup: d.keyGroup,
      durationMinutes: d.durationMinutes,
      reason: r.reason,
      requestId: r.id,
      approvedBy: approvers,
    },
    actor,
    sourceIp: null,
    userAgent: null,
    selection: d.described,
  });
  await enqueueRecorded(db, jobId, ids.length);
  announce("operations", "requests");
}

const isUniqueViolation = (e: unknown): boolean => {
  for (let c: unknown = e; c && typeof c === "object"; c = (c as { cause?: unknown }).cause)
    if ((c as { code?: unknown }).code === "23505") return true;
  return false;
};

/** Passing refusals are retried for this long after the approval, then the request fails. */
const RETRY_FOR_MINUTES = 60;

async function approvedLongAgo(db: Db, requestId: string): Promise<boolean> {
  const [r] = await queryRows<{ old: boolean }>(
    db,
    sql`SELECT decided_at < clock_timestamp() - make_interval(mins => ${RETRY_FOR_MINUTES}) AS old FROM access_requests WHERE id = ${requestId}::uuid`,
  );
  return r?.old ?? true;
}

/** Ends an approved request; the first to end it wins. */
export async function endRequest(db: Db, requestId: string, state: "done"): Promise<boolean> {
  const rows = await queryRows<{ requester_id: string }>(
    db,
    sql`UPDATE access_requests SET state = ${state}, ended_at = clock_timestamp() WHERE id = ${requestId}::uuid AND state = 'approved' RETURNING requester_id`,
  );
  if (rows.length) announce("requests");
  return rows.length > 0;
}

/** Ends an approved request `failed` with the reason, audited (request.fail) and told to the requester, once. */
export async function failRequest(db: Db, requestId: string, reason: string): Promise<boolean> {
  const ended = await db.transaction(async (tx) => {
    const rows = await queryRows<{ requester_id: string }>(
      tx,
      sql`UPDATE access_requests SET state = 'failed', failure = ${reason.slice(0, 1000)}, ended_at = clock_timestamp()
        WHERE id = ${requestId}::uuid AND state = 'approved' RETURNING requester_id`,
    );
    if (!rows.length) return null;
    await appendEvent(tx as unknown as Db, {
      operationId: randomUUID(),
      actor: REQUESTS_ACTOR,
      action: "request.fail",
      target: { type: "request", id: requestId },
      params: { reason: reason.slice(0, 1000) },
      phase: "completed",
      outcome: "success",
    });
    return rows[0].requester_id;
  });
  if (!ended) return false;
  await notifyUsers(db, [ended], { kind: "request_failed", subject: requestId, params: { reason, href: `/requests/${requestId}` } });
  announce("requests");
  return true;
}
