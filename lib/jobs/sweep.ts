import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { JOB_SCHEMA, JOB_CHUNK_QUEUE } from "../db/job-queue";
import { ownerIsGone, type ProcessIdentity } from "./processes";
import type { QueuedChunk } from "./enqueue";

/** A job recorded this long ago and still not enqueued lost its enqueue (its process died). */
const ENQUEUE_GRACE_S = 30;
/** Chunks one sweep takes over at most; the next sweep takes the rest. */
const CHUNKS_PER_SWEEP = 1000;

// The sweep's cost follows the work that is held or in hand, never the items waiting: a
// job of 100,000 pending items adds nothing to it. Each part starts from a small set (the
// items some process leased: a partial index; the queue's active jobs) and looks the rest up by
// index; the queue's waiting jobs are read once per sweep, not once per item.

/**
 * Chunks with unfinished items held by a process that stopped, and chunks whose job has been
 * active for longer than a process may go without a beat while nobody leased their items (the
 * process that fetched the job stopped before leasing it: a live worker leases at once; pg-boss
 * would hand that job back only when it expires). Chunks that already have a job waiting are
 * left out. A second job is harmless: leases are conditional, so only one process works an item.
 */
export async function chunksLeftByStoppedProcesses(db: Db, me: ProcessIdentity): Promise<QueuedChunk[]> {
  const jobs = sql.raw(`${JOB_SCHEMA}.job`);
  const rows = await queryRows<{ operation_id: string; chunk: number }>(
    db,
    sql`WITH held AS MATERIALIZED (
          SELECT DISTINCT i.operation_id, i.chunk FROM operation_items i
          WHERE i.state IN ('pending', 'running') AND i.owner IS NOT NULL AND ${ownerIsGone(db, sql.raw("i.owner"), me)}
          LIMIT ${CHUNKS_PER_SWEEP}
        ), fetched AS MATERIALIZED (
          SELECT (a.data->>'operationId')::uuid AS operation_id, (a.data->>'chunk')::int AS chunk FROM ${jobs} a
          WHERE a.name = ${JOB_CHUNK_QUEUE} AND a.state = 'active'
            AND a.started_on < clock_timestamp() - make_interval(secs => ${me.deadAfterMs / 1000})
        ), unleased AS MATERIALIZED (
          SELECT f.operation_id, f.chunk FROM fetched f
          WHERE EXISTS (SELECT 1 FROM operation_items i WHERE i.operation_id = f.operation_id AND i.chunk = f.chunk
            AND i.state IN ('pending', 'running') AND i.owner IS NULL)
        ), candidates AS MATERIALIZED (
          SELECT operation_id, chunk FROM held UNION SELECT operation_id, chunk FROM unleased
        ), waiting AS MATERIALIZED (
          SELECT DISTINCT (w.data->>'operationId')::uuid AS operation_id, (w.data->>'chunk')::int AS chunk FROM ${jobs} w
          WHERE w.name = ${JOB_CHUNK_QUEUE} AND w.state IN ('created', 'retry')
            AND w.data->>'operationId' IN (SELECT operation_id::text FROM candidates)
        )
        SELECT c.operation_id, c.chunk FROM candidates c
        LEFT JOIN waiting w ON w.operation_id = c.operation_id AND w.chunk = c.chunk
        WHERE w.operation_id IS NULL`,
  );
  return rows.map((r) => ({ operationId: r.operation_id, chunk: Number(r.chunk) }));
}

/** Every chunk of the jobs whose process died between recording them and enqueueing their chunks. */
export async function lostEnqueues(db: Db): Promise<QueuedChunk[]> {
  const lost = await queryRows<{ id: string; chunks: number }>(
    db,
    sql`UPDATE operations o SET enqueued_at = clock_timestamp()
      WHERE o.finished_at IS NULL AND o.enqueued_at IS NULL AND o.created_at < clock_timestamp() - make_interval(secs => ${ENQUEUE_GRACE_S})
      RETURNING o.id, (SELECT max(chunk) + 1 FROM operation_items WHERE operation_id = o.id) AS chunks`,
  );
  return lost.flatMap((op) => Array.from({ length: Number(op.chunks) }, (_, chunk) => ({ operationId: op.id, chunk })));
}
