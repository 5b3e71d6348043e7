import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { ConsoleError } from "../errors";
import { CHUNK_SIZE, finishIfDone } from "./items";
import { logger } from "../log/logger";

const log = logger("engine");

/** Chunks whose pending items one statement cancels: about 500 items, a statement of a few ms on PGlite. */
const CHUNKS_PER_STATEMENT = Math.ceil(500 / CHUNK_SIZE);
/** How long a cancel marks items before it answers; the engine's sweep marks the rest. */
const ANSWER_WITHIN_MS = 500;

/**
 * Stops the items not yet started (each becomes `cancelled`); items in flight complete and are
 * recorded. From the request on, no item of the job starts (a claim checks it), so the
 * answer does not wait for every item's row: rows are marked in short statements, for up to half a
 * second here and then by the engine's sweep.
 *
 * Jobs the console started itself (an expiry's close, actor role `system`) cannot be
 * cancelled by people: a cancelled close would leave the login open past its expiry.
 */
export async function cancelJob(db: Db, jobId: string): Promise<{ cancelled: number }> {
  const [op] = await queryRows<{ finished: boolean; system: boolean }>(
    db,
    sql`SELECT finished_at IS NOT NULL AS finished, actor_role = 'system' AS system FROM operations WHERE id = ${jobId}`,
  );
  if (!op) throw new ConsoleError("Console.NotFound", "No such operation.", undefined, { words: { key: "server.noOperation" } });
  if (op.system)
    throw new ConsoleError(
      "Console.SystemOperation",
      "The console started this operation itself (an expiry's close); it cannot be cancelled. Extend the login instead to keep it open.",
      undefined,
      { words: { key: "server.systemOperation" } },
    );
  const [requested] = await queryRows<{ id: string }>(
    db,
    sql`UPDATE operations SET cancel_requested_at = COALESCE(cancel_requested_at, clock_timestamp())
      WHERE id = ${jobId} AND finished_at IS NULL RETURNING id`,
  );
  if (op.finished || !requested)
    throw new ConsoleError("Console.OperationEnded", "The operation has already ended; there is nothing left to cancel.", undefined, {
      words: { key: "server.operationEnded" },
    });
  // Counted from the items that started (an index range per state), not the pending ones: the
  // answer's cost follows what ran, not the size of the job.
  const [started] = await queryRows<{ total: number; n: number | string }>(
    db,
    sql`SELECT o.total, (SELECT count(*) FROM operation_items i WHERE i.operation_id = o.id
        AND i.state IN ('running', 'ok', 'failed', 'unknown', 'cancelled')) AS n
      FROM operations o WHERE o.id = ${jobId}`,
  );
  await markCancelled(db, jobId, Date.now() + ANSWER_WITHIN_MS);
  return { cancelled: Number(started.total) - Number(started.n) };
}

/**
 * Marks a job's pending items `cancelled`, a range of chunks per statement, until none is
 * left or `deadline` (ms) passes; ends the job when nothing is left. True when done.
 */
async function markCancelled(db: Db, jobId: string, deadline: number): Promise<boolean> {
  const [range] = await queryRows<{ lo: number | null; hi: number | null }>(
    db,
    sql`SELECT (SELECT chunk FROM operation_items WHERE operation_id = ${jobId} AND state = 'pending' ORDER BY chunk LIMIT 1) AS lo,
        (SELECT chunk FROM operation_items WHERE operation_id = ${jobId} AND state = 'pending' ORDER BY chunk DESC LIMIT 1) AS hi`,
  );
  if (range.lo !== null && range.hi !== null) {
    for (let lo = Number(range.lo); lo <= Number(range.hi); lo += CHUNKS_PER_STATEMENT) {
      if (Date.now() > deadline) return false;
      await db.execute(
        sql`UPDATE operation_items SET state = 'cancelled', finished_at = clock_timestamp(), error_code = 'Console.Cancelled'
            WHERE operation_id = ${jobId} AND chunk >= ${lo} AND chunk < ${lo + CHUNKS_PER_STATEMENT} AND state = 'pending'`,
      );
    }
  }
  await finishIfDone(db, jobId);
  return true;
}

/** The sweep's part: cancels requested whose items are not all marked yet (a large one, or its process stopped). */
export async function finishCancels(db: Db, budgetMs = 2000): Promise<void> {
  const open = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM operations WHERE cancel_requested_at IS NOT NULL AND finished_at IS NULL ORDER BY cancel_requested_at LIMIT 20`,
  );
  const deadline = Date.now() + budgetMs;
  for (const op of open) {
    if (!(await markCancelled(db, op.id, deadline))) {
      log.info({ operationId: op.id }, "cancel still marking items; the next sweep goes on");
      return;
    }
  }
}
