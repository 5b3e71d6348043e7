import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import type { JobRow } from "../db/schema";
import { ownerIsGone, type ProcessIdentity } from "./processes";
import { ITEM_STATES, type ItemCounts, type ItemState } from "./types";

/** Items per engine job: RebootAICInstance takes up to 20 InstanceIds in one call. */
export const CHUNK_SIZE = 20;

// The item state machine: pending → running → ok | failed | unknown, or pending → cancelled.
// Every transition is one conditional UPDATE, so two workers (or a worker and a cancel) never
// both move the same item.

export interface LeasedItem {
  seq: number;
  instanceId: string;
  state: "pending" | "running";
  auditOperationId: string | null;
  /** The item's own params beyond its job's (an expiry close names the open it ends). */
  params: Record<string, unknown> | null;
}

export async function loadJob(db: Db, id: string): Promise<JobRow | undefined> {
  return db.query.jobs.findFirst({ where: (o, { eq }) => eq(o.id, id) });
}

export async function markStarted(db: Db, id: string): Promise<void> {
  await db.execute(sql`UPDATE operations SET started_at = clock_timestamp() WHERE id = ${id} AND started_at IS NULL`);
}

/**
 * Takes the chunk's unfinished items for this process: those nobody holds, and those a process
 * that stopped held (its `running` ones are what the caller must recover).
 */
export async function leaseChunk(db: Db, me: ProcessIdentity, jobId: string, chunk: number, queueJobId: string): Promise<LeasedItem[]> {
  const rows = await queryRows<{
    seq: number;
    instance_id: string;
    state: "pending" | "running";
    audit_operation_id: string | null;
    params: Record<string, unknown> | string | null;
  }>(
    db,
    sql`UPDATE operation_items SET owner = ${me.id}, job_id = ${queueJobId}
      WHERE operation_id = ${jobId} AND chunk = ${chunk} AND state IN ('pending', 'running')
        AND (owner IS NULL OR owner = ${me.id} OR ${ownerIsGone(db, sql.raw("owner"), me)})
      RETURNING seq, instance_id, state, audit_operation_id, params`,
  );
  return rows
    .map((r) => ({
      seq: r.seq,
      instanceId: r.instance_id,
      state: r.state,
      auditOperationId: r.audit_operation_id,
      params: typeof r.params === "string" ? (JSON.parse(r.params) as Record<string, unknown>) : r.params,
    }))
    .sort((a, b) => a.seq - b.seq);
}

/**
 * A stopping process gives back the items of a chunk it leased and did not start: any process may
 * lease them again. Returns how many it gave back.
 */
export async function handBackChunk(db: Db, me: ProcessIdentity, jobId: string, chunk: number): Promise<number> {
  const rows = await queryRows<{ seq: number }>(
    db,
    sql`UPDATE operation_items SET owner = NULL
      WHERE operation_id = ${jobId} AND chunk = ${chunk} AND owner = ${me.id} AND state = 'pending' RETURNING seq`,
  );
  return rows.length;
}

/** pending → cancelled for one chunk (its queue entry ran after the job's cancel was requested). */
export async function cancelChunk(db: Db, jobId: string, chunk: number): Promise<void> {
  await db.execute(
    sql`UPDATE operation_items SET state = 'cancelled', finished_at = clock_timestamp(), error_code = 'Console.Cancelled'
      WHERE operation_id = ${jobId} AND chunk = ${chunk} AND state = 'pending'`,
  );
}

/**
 * pending → running, with the audit operation the item will write; false when the job's
 * cancel was requested meanwhile (its item rows may not all be marked yet).
 */
export async function claimItem(db: Db, jobId: string, seq: number, auditOperationId: string): Promise<boolean> {
  const rows = await queryRows<{ seq: number }>(
    db,
    sql`UPDATE operation_items SET state = 'running', started_at = clock_timestamp(), audit_operation_id = ${auditOperationId}
      WHERE operation_id = ${jobId} AND seq = ${seq} AND state = 'pending'
        AND NOT EXISTS (SELECT 1 FROM operations o WHERE o.id = ${jobId} AND o.cancel_requested_at IS NOT NULL)
      RETURNING seq`,
  );
  return rows.length === 1;
}

/** running → pending: the claimed item's call never went out (found on recovery). */
export async function unclaimItem(db: Db, jobId: string, seq: number): Promise<void> {
  await db.execute(
    sql`UPDATE operation_items SET state = 'pending', audit_operation_id = NULL WHERE operation_id = ${jobId} AND seq = ${seq} AND state = 'running'`,
  );
}

export interface ItemEnd {
  state: Extract<ItemState, "ok" | "failed" | "unknown">;
  code?: string | null;
  message?: string | null;
  requestId?: string | null;
}

export async function finishItem(db: Db, jobId: string, seq: number, end: ItemEnd): Promise<void> {
  await db.execute(
    sql`UPDATE operation_items SET state = ${end.state}, error_code = ${end.code ?? null}, error_message = ${end.message?.slice(0, 2000) ?? null},
        ens_request_id = ${end.requestId ?? null}, finished_at = clock_timestamp()
      WHERE operation_id = ${jobId} AND seq = ${seq} AND state = 'running'`,
  );
}

export async function countItems(db: Db, jobId: string): Promise<ItemCounts> {
  const rows = await queryRows<{ state: ItemState; n: number | string }>(
    db,
    sql`SELECT state, count(*) AS n FROM operation_items WHERE operation_id = ${jobId} GROUP BY state`,
  );
  const counts = Object.fromEntries(ITEM_STATES.map((s) => [s, 0])) as ItemCounts;
  for (const r of rows) counts[r.state] = Number(r.n);
  return counts;
}

/** Ends the job once no item is pending or running, keeping its final counts. */
export async function finishIfDone(db: Db, jobId: string): Promise<boolean> {
  // One index probe while items are left (every chunk's end asks); counting waits for the last.
  const left = await queryRows<{ one: number }>(
    db,
    sql`SELECT 1 AS one FROM operation_items WHERE operation_id = ${jobId} AND state IN ('pending', 'running') LIMIT 1`,
  );
  if (left.length) return false;
  const counts = await countItems(db, jobId);
  if (counts.pending || counts.running) return false;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`UPDATE operations SET finished_at = clock_timestamp(), counts = ${JSON.stringify(counts)}::jsonb
      WHERE id = ${jobId} AND finished_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM operation_items WHERE operation_id = ${jobId} AND state IN ('pending', 'running'))
      RETURNING id`,
  );
  return rows.length === 1;
}
