import { sql } from "drizzle-orm";
import { getDb, queryRows } from "../db/client";
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

async function read(): Promise<ScrapeState> {
  const queue = await within(READ_TIMEOUT_MS, async () => (await queryRows<QueueRow>(await getDb(), QUEUE))[0]);
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
  };
}

let pending: Promise<ScrapeState> | null = null;

/** What the scrape-time gauges show: the gauges of one scrape share one read. */
export function scrapeState(): Promise<ScrapeState> {
  return (pending ??= read().finally(() => (pending = null)));
}
