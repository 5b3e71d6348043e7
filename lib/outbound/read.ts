import "server-only";
import { sql } from "drizzle-orm";
import { getDb, queryRows, type Db } from "../db/client";
import type { DeliveryView, DestinationKind, DestinationView } from "./view";

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** The URL as the page shows it: never a query (DingTalk's access_token) nor a Slack webhook's path (its token). */
export function displayUrl(kind: DestinationKind, raw: string): string {
  try {
    const u = new URL(raw);
    if (kind === "slack") return `${u.protocol}//${u.host}/…`;
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? "?…" : ""}`;
  } catch {
    return "…";
  }
}

interface DestinationRecord {
  id: string;
  name: string;
  kind: DestinationKind;
  url: string;
  language: "en" | "zh-CN";
  audit_stream: boolean;
  notifications: boolean;
  filter: string[];
  paused: boolean;
  last_seq: string | number;
  lag_from: Date | string | null;
  last_success_at: Date | string | null;
  last_error: string | null;
  failing_since: Date | string | null;
  retry_at: Date | string | null;
  created_at: Date | string;
}

/**
 * Destinations, with the age of the oldest event each has still to receive (the next audit event
 * after its cursor, or the next notification): read by primary key, one row each.
 */
async function destinations(db: Db, id?: string): Promise<DestinationView[]> {
  const rows = await queryRows<DestinationRecord>(
    db,
    sql`SELECT d.id, d.name, d.kind, d.url, d.language, d.audit_stream, d.notifications, d.filter, d.paused, d.last_seq,
        d.last_success_at, d.last_error, d.failing_since, d.retry_at, d.created_at,
        LEAST(
          CASE WHEN d.audit_stream THEN (SELECT e.at FROM audit_events e WHERE e.id > d.last_seq ORDER BY e.id LIMIT 1) END,
          CASE WHEN d.notifications THEN (SELECT n.created_at FROM notifications n WHERE n.id > d.last_notification_seq ORDER BY n.id LIMIT 1) END
        ) AS lag_from
      FROM outbound_destinations d
      WHERE d.deleted_at IS NULL ${id ? sql`AND d.id = ${id}::uuid` : sql``}
      ORDER BY d.created_at`,
  );
  const now = Date.now();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    url: displayUrl(r.kind, r.url),
    language: r.language,
    auditStream: r.audit_stream,
    notifications: r.notifications,
    filter: r.filter ?? [],
    state: r.paused ? "paused" : r.failing_since ? "failing" : "active",
    lastSeq: Number(r.last_seq),
    lagSeconds: r.lag_from === null ? 0 : Math.max(0, Math.round((now - new Date(r.lag_from).getTime()) / 1000)),
    lastSuccessAt: iso(r.last_success_at),
    lastError: r.last_error,
    failingSince: iso(r.failing_since),
    retryAt: iso(r.retry_at),
    createdAt: iso(r.created_at)!,
  }));
}

/** The delivery log: the latest attempts first (one row per event, its last attempt). */
async function deliveries(db: Db, destinationId: string, limit = 100): Promise<DeliveryView[]> {
  const rows = await queryRows<{
    at: Date | string;
    stream: "audit" | "notification";
    seq: string | number;
    event_id: string;
    outcome: DeliveryView["outcome"];
    status: number | null;
    latency_ms: number | null;
    attempts: number;
    error: string | null;
  }>(
    db,
    sql`SELECT at, stream, seq, event_id, outcome, status, latency_ms, attempts, error FROM outbound_deliveries
      WHERE destination_id = ${destinationId}::uuid ORDER BY at DESC LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    at: iso(r.at)!,
    stream: r.stream,
    seq: Number(r.seq),
    eventId: r.event_id,
    outcome: r.outcome,
    status: r.status,
    latencyMs: r.latency_ms,
    attempts: r.attempts,
    error: r.error,
  }));
}

/** The page's read: every destination. */
export async function readDestinations(): Promise<DestinationView[]> {
  return destinations(await getDb());
}

/** The page's read: one destination and its delivery log, or null. */
export async function readDestination(id: string): Promise<{ destination: DestinationView; deliveries: DeliveryView[] } | null> {
  const db = await getDb();
  const [destination] = await destinations(db, id);
  if (!destination) return null;
  return { destination, deliveries: await deliveries(db, id) };
}
