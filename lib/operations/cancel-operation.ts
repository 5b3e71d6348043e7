import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { ConsoleError } from "../errors";
import { finishIfDone } from "./items";

/**
 * Stops the items not yet started (each becomes `cancelled`); items in flight complete and are
 * recorded. A worker claims an item only while it is `pending`, so none starts after this.
 */
export async function cancelOperation(db: Db, operationId: string): Promise<{ cancelled: number }> {
  const [op] = await queryRows<{ finished: boolean }>(
    db,
    sql`UPDATE operations SET cancel_requested_at = COALESCE(cancel_requested_at, clock_timestamp())
      WHERE id = ${operationId} RETURNING finished_at IS NOT NULL AS finished`,
  );
  if (!op) throw new ConsoleError("Console.NotFound", "No such operation.", undefined, { words: { key: "server.noOperation" } });
  if (op.finished)
    throw new ConsoleError("Console.OperationEnded", "The operation has already ended; there is nothing left to cancel.", undefined, {
      words: { key: "server.operationEnded" },
    });
  const rows = await queryRows<{ seq: number }>(
    db,
    sql`UPDATE operation_items SET state = 'cancelled', finished_at = clock_timestamp(), error_code = 'Console.Cancelled'
      WHERE operation_id = ${operationId} AND state = 'pending' RETURNING seq`,
  );
  await finishIfDone(db, operationId);
  return { cancelled: rows.length };
}
