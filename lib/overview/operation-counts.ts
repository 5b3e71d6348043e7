import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { DATE_PRESETS } from "../audit/filter-params";

// The operations half of the overview, counted in SQL with the History list's own definitions
// (lib/audit/query.ts), so each count is the number of rows its /history link shows:
// - a row is an operation's anchor event: its `requested` event, or any event of an operation that
//   has none (a refused call's single `completed`);
// - its outcome is the anchor's own when it is the `completed` event, else its completion's;
// - `range=24h` keeps anchors at or after now − 24 h (no upper bound).
// lib/overview/test checks each count against listOperations on a seeded log.

export const HOURS = 24;
const HOUR_MS = 3_600_000;

export interface OperationCounts {
  since: Date;
  now: Date;
  total: number;
  failed: number;
  unknown: number;
  unresolved: number;
  /** Oldest first: hour i covers [since + i h, since + (i + 1) h); the last one also takes anything later. */
  hours: { start: Date; operations: number; failures: number }[];
}

/** History's anchor test on `a`, and the outcome it shows for `a`. */
const ANCHOR = sql`(a.phase = 'requested' OR (SELECT r.id FROM audit_events r
  WHERE r.operation_id = a.operation_id AND r.phase = 'requested') IS NULL)`;
const ROW_OUTCOME = sql`CASE WHEN a.phase = 'completed' THEN a.outcome ELSE (SELECT c.outcome FROM audit_events c
  WHERE c.operation_id = a.operation_id AND c.phase = 'completed') END`;

/** Operations in the last 24 h by hour, with their failed and unknown ones. Reads only the window (the `at` index). */
async function lastDay(db: Db, since: Date) {
  const from = since.toISOString();
  return queryRows<{ h: number | string; total: number | string; failed: number | string; unknown: number | string }>(
    db,
    sql`SELECT least(${HOURS - 1}, greatest(0, floor(extract(epoch FROM (x.at - ${from}::timestamptz)) / 3600)))::int AS h,
          count(*)::int AS total,
          count(*) FILTER (WHERE x.o = 'failure')::int AS failed,
          count(*) FILTER (WHERE x.o = 'unknown')::int AS unknown
        FROM (SELECT a.at, ${ROW_OUTCOME} AS o FROM audit_events a WHERE a.at >= ${from}::timestamptz AND ${ANCHOR}) x
        GROUP BY 1`,
  );
}

/**
 * History's `outcome=unresolved` rows, of any age, counted from the `completed … unknown` events
 * (a partial index) rather than by scanning the log. Each such operation not settled by a
 * `resolved` event is one row (its `requested` event); one with no `requested` event has its
 * `completed` event as a row, and its `resolved` event (ENS could not tell) as a second one.
 */
async function unresolved(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number | string | null }>(
    db,
    sql`SELECT coalesce(sum(CASE
          WHEN EXISTS (SELECT 1 FROM audit_events r WHERE r.operation_id = c.operation_id AND r.phase = 'requested') THEN 1
          WHEN EXISTS (SELECT 1 FROM audit_events x WHERE x.operation_id = c.operation_id AND x.phase = 'resolved') THEN 2
          ELSE 1 END), 0)::int AS n
        FROM audit_events c
        WHERE c.phase = 'completed' AND c.outcome = 'unknown'
          AND NOT EXISTS (SELECT 1 FROM audit_events x WHERE x.operation_id = c.operation_id AND x.phase = 'resolved' AND x.outcome <> 'unknown')`,
  );
  return Number(row?.n ?? 0);
}

export async function operationCounts(db: Db, now = new Date()): Promise<OperationCounts> {
  const since = new Date(now.getTime() - DATE_PRESETS["24h"]);
  const [rows, open] = await Promise.all([lastDay(db, since), unresolved(db)]);
  const hours = Array.from({ length: HOURS }, (_, i) => ({ start: new Date(since.getTime() + i * HOUR_MS), operations: 0, failures: 0 }));
  let failed = 0;
  let unknown = 0;
  for (const r of rows) {
    const h = hours[Number(r.h)];
    h.operations += Number(r.total);
    h.failures += Number(r.failed);
    failed += Number(r.failed);
    unknown += Number(r.unknown);
  }
  return { since, now, total: hours.reduce((n, h) => n + h.operations, 0), failed, unknown, unresolved: open, hours };
}
