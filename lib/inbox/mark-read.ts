import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { announce } from "../live/bus";
import type { MarkReadInput } from "./schema";

/** Marks the user's own notifications read (ids of another user's change nothing). */
export async function markRead(db: Db, userId: string, input: MarkReadInput): Promise<{ marked: number }> {
  const which =
    "all" in input
      ? sql``
      : sql` AND id IN (${sql.join(
          input.ids.map((id) => sql`${id}`),
          sql`, `,
        )})`;
  const rows = await queryRows<{ id: number }>(
    db,
    sql`UPDATE notifications SET read_at = clock_timestamp() WHERE user_id = ${userId}::uuid AND read_at IS NULL${which} RETURNING id`,
  );
  if (rows.length) announce("inbox");
  return { marked: rows.length };
}
