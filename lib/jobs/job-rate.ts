import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { appendEvent } from "../audit/append";
import { queryRows, type Db } from "../db/client";
import type { JobRow } from "../db/schema";
import { finishIfDone } from "./items";
import { logger } from "../log/logger";

const log = logger("engine");

// A job's own rate control (a schedule's run, a bulk operation that asked for it): at most K of its
// items at once and R per second across every process, and a stop when failures exceed a count or
// a percentage. ENS's own pace (ens-pace.ts) still applies on top: a job never goes faster than it.

export interface JobRate {
  maxConcurrent?: number | null;
  maxPerSecond?: number | null;
  stopFailuresCount?: number | null;
  stopFailuresPercent?: number | null;
}

export function rateOf(op: Pick<JobRow, "params">): JobRate | null {
  const rate = (op.params as { rate?: JobRate } | null)?.rate;
  return rate && typeof rate === "object" ? rate : null;
}

/** Waits for the job's next per-second slot: a token bucket of its own (burst 1), shared by every process. */
export async function takeJobSlot(db: Db, jobId: string, perSecond: number): Promise<void> {
  const [row] = await queryRows<{ tokens: number }>(
    db,
    sql`INSERT INTO ens_rate_buckets AS b (key, tokens, at) VALUES (${`job:${jobId}`}, 0, clock_timestamp())
      ON CONFLICT (key) DO UPDATE SET
        tokens = LEAST(1::float8, b.tokens + EXTRACT(EPOCH FROM clock_timestamp() - b.at)::float8 * ${perSecond}::float8) - 1,
        at = clock_timestamp()
      RETURNING tokens`,
  );
  const tokens = Number(row.tokens);
  if (tokens < 0) await new Promise((r) => setTimeout(r, (-tokens / perSecond) * 1000));
}

/**
 * Claims an item unless K of the job's items are running: counted and claimed under a lock of the
 * job, so two processes cannot both take the last slot. `busy`: try again soon; `gone`: the item
 * was taken or the job cancelled.
 */
export async function claimWithin(db: Db, jobId: string, seq: number, auditOperationId: string, maxConcurrent: number) {
  return db.transaction(async (tx): Promise<"claimed" | "busy" | "gone"> => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7310005, hashtext(${jobId}))`);
    const [running] = await queryRows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM operation_items WHERE operation_id = ${jobId} AND state = 'running'`,
    );
    if (Number(running.n) >= maxConcurrent) return "busy";
    const rows = await queryRows<{ seq: number }>(
      tx,
      sql`UPDATE operation_items SET state = 'running', started_at = clock_timestamp(), audit_operation_id = ${auditOperationId}
        WHERE operation_id = ${jobId} AND seq = ${seq} AND state = 'pending'
          AND NOT EXISTS (SELECT 1 FROM operations o WHERE o.id = ${jobId} AND o.cancel_requested_at IS NOT NULL)
        RETURNING seq`,
    );
    return rows.length === 1 ? "claimed" : "gone";
  });
}

/** Whether `failed` of `total` exceeds the job's stop rule. */
export function failuresExceed(rate: JobRate, failed: number, total: number): boolean {
  if (rate.stopFailuresCount && failed > rate.stopFailuresCount) return true;
  if (rate.stopFailuresPercent && total > 0 && (failed * 100) / total > rate.stopFailuresPercent) return true;
  return false;
}

/**
 * After an item failed: when the job's failures exceed its rule, the job stops. Its items not yet
 * started end `cancelled` with the reason (Console.StoppedOnFailures), items in flight complete,
 * and the stop is audited (operation.cancel by system:engine, with the reason).
 */
export async function stopIfFailuresExceed(db: Db, op: JobRow, rate: JobRate): Promise<boolean> {
  const [c] = await queryRows<{ failed: number; total: number }>(
    db,
    sql`SELECT (SELECT count(*)::int FROM operation_items WHERE operation_id = ${op.id} AND state IN ('failed', 'unknown')) AS failed, total
      FROM operations WHERE id = ${op.id}`,
  );
  if (!c || !failuresExceed(rate, Number(c.failed), Number(c.total))) return false;
  const rule = rate.stopFailuresCount ? `more than ${rate.stopFailuresCount} failed` : `more than ${rate.stopFailuresPercent}% failed`;
  const reason = `Stopped: ${c.failed} of ${c.total} items failed (${rule}).`;
  const [first] = await queryRows<{ id: string }>(
    db,
    sql`UPDATE operations SET cancel_requested_at = clock_timestamp() WHERE id = ${op.id} AND cancel_requested_at IS NULL AND finished_at IS NULL RETURNING id`,
  );
  if (!first) return false;
  await db.execute(
    sql`UPDATE operation_items SET state = 'cancelled', finished_at = clock_timestamp(), error_code = 'Console.StoppedOnFailures', error_message = ${reason}
      WHERE operation_id = ${op.id} AND state = 'pending'`,
  );
  await appendEvent(db, {
    operationId: randomUUID(),
    actor: { id: null, email: "system:engine", role: "system" },
    action: "operation.cancel",
    target: { type: "operation", id: op.id },
    params: { reason, failed: Number(c.failed), total: Number(c.total), ...rate },
    phase: "completed",
    outcome: "success",
  });
  log.warn({ operationId: op.id, failed: Number(c.failed), total: Number(c.total) }, "operation stopped: failures exceeded its rule");
  await finishIfDone(db, op.id);
  return true;
}
