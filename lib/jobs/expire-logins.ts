import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { enqueueRecorded, recordJob } from "./start-job";
import { announce } from "../live/bus";
import { EXPIRY_ACTOR } from "../logins/leases";
import { logger } from "../log/logger";

const log = logger("expiry");

// The expiry pass: every console process runs it every CONSOLE_EXPIRY_CHECK_MS. Leases past their
// time are claimed with one conditional UPDATE (SKIP LOCKED), so with several replicas each expiry
// is closed once; the close is an ordinary engine job by `system:expiry`, read back like any
// other. Nothing is missed while no console runs: the first pass after a start finds what fell due.

export interface ExpiryOptions {
  maxAttempts: number;
  retryBaseMs: number;
  /** Leases one pass claims at most. */
  limit?: number;
}

export interface ExpiryPass {
  /** The job started for the logins that fell due, if any. */
  jobId: string | null;
  claimed: number;
  /** Expiry closes that ended without closing: retried later, or `failed` after the last try. */
  retried: number;
  failed: number;
}

/** Expiry closes whose item ended without closing the login: try again with backoff, or give up. */
async function settleEndedCloses(db: Db, opts: ExpiryOptions): Promise<{ retried: number; failed: number }> {
  const ended = await queryRows<{ instance_id: string; close_operation_id: string; attempts: number; state: string; error: string | null }>(
    db,
    sql`SELECT l.instance_id, l.close_operation_id, l.attempts, i.state,
        CASE WHEN i.error_code IS NULL THEN NULL ELSE i.error_code || ': ' || COALESCE(i.error_message, '') END AS error
      FROM login_leases l JOIN operation_items i ON i.operation_id = l.close_operation_id AND i.instance_id = l.instance_id
      WHERE l.state = 'closing' AND i.state IN ('ok', 'failed', 'unknown', 'cancelled')`,
  );
  let retried = 0;
  let failed = 0;
  for (const e of ended) {
    const claimed = sql`instance_id = ${e.instance_id} AND state = 'closing' AND close_operation_id = ${e.close_operation_id}`;
    if (e.state === "ok") {
      // Applied, but the lease outlived it (its delete failed): the login is closed.
      await db.execute(sql`DELETE FROM login_leases WHERE ${claimed}`);
    } else if (Number(e.attempts) >= opts.maxAttempts) {
      failed++;
      await db.execute(
        sql`UPDATE login_leases SET state = 'failed', last_error = ${e.error ?? e.state}, updated_at = clock_timestamp() WHERE ${claimed}`,
      );
      log.error(
        { instanceId: e.instance_id, attempts: Number(e.attempts), reason: e.error ?? e.state },
        "closing an expired login failed; it stays open",
      );
    } else {
      retried++;
      const delayMs = opts.retryBaseMs * 2 ** Math.max(0, Number(e.attempts) - 1);
      await db.execute(
        sql`UPDATE login_leases SET state = 'active', close_operation_id = NULL, last_error = ${e.error ?? e.state},
            next_attempt_at = clock_timestamp() + make_interval(secs => ${delayMs / 1000}), updated_at = clock_timestamp()
          WHERE ${claimed}`,
      );
    }
  }
  if (retried || failed) announce("logins");
  return { retried, failed };
}

/** One pass: settle ended expiry closes, then claim the leases now due and close them on the engine. */
export async function expireDueLogins(db: Db, opts: ExpiryOptions): Promise<ExpiryPass> {
  const { retried, failed } = await settleEndedCloses(db, opts);
  const jobId = randomUUID();
  const claimed = await db.transaction(async (tx) => {
    const due = await queryRows<{
      instance_id: string;
      expires_at: string | Date;
      opened_by_email: string | null;
      reason: string;
      audit_operation_id: string | null;
    }>(
      tx,
      sql`UPDATE login_leases SET state = 'closing', attempts = attempts + 1, close_operation_id = ${jobId}, updated_at = clock_timestamp()
        WHERE instance_id IN (SELECT instance_id FROM login_leases
          WHERE state = 'active' AND expires_at <= clock_timestamp() AND (next_attempt_at IS NULL OR next_attempt_at <= clock_timestamp())
          ORDER BY expires_at LIMIT ${opts.limit ?? 500} FOR UPDATE SKIP LOCKED)
        RETURNING instance_id, expires_at, opened_by_email, reason, audit_operation_id`,
    );
    if (!due.length) return 0;
    const byInstance = new Map(due.map((d) => [d.instance_id, d]));
    const ids = due.map((d) => d.instance_id).sort();
    await recordJob(tx, jobId, {
      kind: "login.close",
      ids,
      // No key: the close removes every delivery, so the login is closed, whichever keys it had.
      params: { keyName: null, keyGroup: null, reason: "expiry" },
      actor: EXPIRY_ACTOR,
      sourceIp: null,
      userAgent: null,
      selection: ids.length === 1 ? ids[0] : `${ids.length} logins past their expiry`,
      itemParams: (id) => {
        const d = byInstance.get(id)!;
        return {
          expiry: {
            openOperationId: d.audit_operation_id,
            openedBy: d.opened_by_email,
            reason: d.reason,
            expiresAt: new Date(d.expires_at).toISOString(),
          },
        };
      },
    });
    return ids.length;
  });
  if (claimed) {
    await enqueueRecorded(db, jobId, claimed);
    announce("logins", "operations");
  }
  return { jobId: claimed ? jobId : null, claimed, retried, failed };
}
