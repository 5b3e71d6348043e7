import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";

/**
 * Replay: moves a destination's cursor back, so the outbox (outbox.ts) sends again, in order, every
 * event from `fromSeq` (or from the first event written at or after `fromTime`) on, each with its
 * own webhook-id as before. The cursor only moves back: a position past it changes nothing (what
 * lies past the cursor is still to be sent). Clears retry_at and the failure count, so the next
 * pass tries at once. Returns the first sequence number that will be sent again (the stream's next one when
 * nothing is at or after the time).
 *
 * The lease is taken from whoever holds it: a run in progress (which writes its cursor every few
 * events, fenced by its lease) stops at its next write, so nothing it sent before the replay
 * counts as the replay's; the next pass sends from the rewound cursor.
 */
export async function rewindCursor(
  db: Db,
  destinationId: string,
  from: { fromSeq: number } | { fromTime: Date },
  stream: "audit" | "notifications" = "audit",
): Promise<{ fromSeq: number }> {
  const audit = stream === "audit";
  const column = sql.raw(audit ? "last_seq" : "last_notification_seq");
  const head = audit ? sql`(SELECT coalesce(max(id), 0) FROM audit_events)` : sql`(SELECT coalesce(max(id), 0) FROM notifications)`;
  let target;
  if ("fromSeq" in from) {
    if (!Number.isSafeInteger(from.fromSeq) || from.fromSeq < 1) throw new RangeError("fromSeq must be a whole number of at least 1");
    target = sql`least(${from.fromSeq - 1}::bigint, ${head})`;
  } else {
    if (Number.isNaN(from.fromTime.getTime())) throw new RangeError("fromTime is not a time");
    const at = from.fromTime.toISOString();
    const first = audit
      ? sql`(SELECT id FROM audit_events WHERE at >= ${at}::timestamptz ORDER BY at, id LIMIT 1)`
      : sql`(SELECT id FROM notifications WHERE created_at >= ${at}::timestamptz ORDER BY created_at, id LIMIT 1)`;
    target = sql`coalesce(${first} - 1, ${head})`;
  }
  const rows = await queryRows<{ cursor: number | string }>(
    db,
    sql`UPDATE outbound_destinations SET ${column} = least(${column}, ${target}), retry_at = NULL, failures = 0,
        lease_owner = NULL, lease_until = NULL
      WHERE id = ${destinationId}::uuid AND deleted_at IS NULL RETURNING ${column} AS cursor`,
  );
  if (!rows.length) throw new Error(`no destination ${destinationId}`);
  return { fromSeq: Number(rows[0].cursor) + 1 };
}
