import { sql } from "drizzle-orm";
import { getDb, queryRows, type Db } from "../db/client";
import { fleetIndexState, lastChainIntact } from "./process-state";
import { within } from "./within";

// A database that does not answer in time leaves its gauges NaN for this scrape rather than hold it.
const READ_TIMEOUT_MS = 2000;

export interface ScrapeState {
  fleetIndexAgeSeconds: number;
  fleetInstances: number;
  queueDepth: number;
  oldestQueuedSeconds: number;
  auditChainOk: number;
  /** Per destination not deleted: seconds since the oldest event past its cursors was written (0 when caught up); null when unread. */
  outboxLag: { destination: string; seconds: number }[] | null;
}

interface QueueRow {
  now_ms: number;
  open: number;
  oldest_queued_s: number | null;
}

// Unfinished operations are few and indexed (operations_open); `queued` is the History's word for
// one none of whose items has started (lib/jobs/view.ts).
const QUEUE = sql`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now_ms, count(*)::int AS open,
  extract(epoch FROM clock_timestamp() - min(created_at) FILTER (WHERE started_at IS NULL))::float8 AS oldest_queued_s
  FROM operations WHERE finished_at IS NULL`;

// The oldest event past each cursor is the first row after it (one primary-key probe per stream);
// LEAST skips a stream the destination does not receive (NULL). Destinations are few.
const OUTBOX_LAG = sql`SELECT d.id::text AS destination,
  coalesce(greatest(0, extract(epoch FROM clock_timestamp() - least(
    CASE WHEN d.audit_stream THEN (SELECT e.at FROM audit_events e WHERE e.id > d.last_seq ORDER BY e.id LIMIT 1) END,
    CASE WHEN d.notifications THEN (SELECT n.created_at FROM notifications n WHERE n.id > d.last_notification_seq ORDER BY n.id LIMIT 1) END))), 0)::float8 AS seconds
  FROM outbound_destinations d WHERE d.deleted_at IS NULL ORDER BY d.created_at LIMIT 500`;

/** Per destination not deleted (its id): seconds since the oldest event past its cursors was written, 0 when caught up. */
export async function readOutboxLag(db: Db): Promise<{ destination: string; seconds: number }[]> {
  const rows = await queryRows<{ destination: string; seconds: number | string }>(db, OUTBOX_LAG);
  return rows.map((l) => ({ destination: l.destination, seconds: Number(l.seconds) }));
}

async function read(): Promise<ScrapeState> {
  const [queue, lags] = await Promise.all([
    within(READ_TIMEOUT_MS, async () => (await queryRows<QueueRow>(await getDb(), QUEUE))[0]),
    within(READ_TIMEOUT_MS, async () => readOutboxLag(await getDb())),
  ]);
  const fleet = fleetIndexState();
  // listedAt is the database's clock, so the age is measured on it when the database answers.
  const now = queue ? Number(queue.now_ms) : Date.now();
  const chain = lastChainIntact();
  return {
    fleetIndexAgeSeconds: fleet?.ready ? Math.max(0, (now - fleet.listedAt) / 1000) : NaN,
    fleetInstances: fleet?.ready ? fleet.instances : NaN,
    queueDepth: queue ? Number(queue.open) : NaN,
    oldestQueuedSeconds: queue ? Math.max(0, Number(queue.oldest_queued_s ?? 0)) : NaN,
    auditChainOk: chain === null ? NaN : chain ? 1 : 0,
    outboxLag: lags ?? null,
  };
}

let pending: Promise<ScrapeState> | null = null;

/** What the scrape-time gauges show: the gauges of one scrape share one read. */
export function scrapeState(): Promise<ScrapeState> {
  return (pending ??= read().finally(() => (pending = null)));
}
