import "server-only";
import { randomUUID } from "node:crypto";
import { asc, gt, sql, type SQL } from "drizzle-orm";
import { config, type Env } from "../config";
import { isSingleConnection, queryRows, type Db } from "../db/client";
import { auditEvents, outboundDestinations, type OutboundDestinationRow, type OutboundStream } from "../db/schema";
import { logger } from "../log/logger";
import { countDelivery } from "../metrics/record";
import { processSingleton } from "../singleton";
import { deliver, type DeliveryAttempt } from "./deliver";
import { passesFilter } from "./filter";
import { auditPayload, eventId, notificationPayload, type OutboundPayload } from "./payload";

/**
 * The outbox: every console process runs this pass every CONSOLE_OUTBOUND_CHECK_MS (an extra pass
 * of the engine, lib/startup.ts). Nothing is queued when an event is written: each destination has
 * a cursor per stream (last_seq: the audit chain position; last_notification_seq), and the pass
 * sends what lies past it, in order, one event at a time, moving the cursor only past events the
 * receiver accepted (written every FLUSH_EVERY events or FLUSH_MS, with their delivery records, and
 * before anything else is written). So a crash, a kill -9 or a receiver that is down loses nothing:
 * the events sent since the last write are sent again (at least once; receivers deduplicate on
 * webhook-id).
 *
 * - When idle, one query: the destinations with anything past their cursors (max(id) of each
 *   stream, a primary-key probe) that are not paused, deleted, waiting for a retry, or leased.
 * - A destination is claimed with a lease (lease_owner, lease_until: a conditional UPDATE, renewed
 *   by each write), so across replicas one process at a time sends its events; every cursor write
 *   is fenced by the lease and by the cursor it expects, so a replay (a rewound cursor), a pause or
 *   a delete stops a run at its next event. No transaction is held open across an HTTP call.
 * - Audit stream: audit_events after last_seq by id, which is chain order (ids are taken under
 *   the append lock, lib/audit/append.ts). Events the filter leaves out are skipped, the cursor
 *   passing them. Notifications: once per kind and subject, the first row's id as seq; the other
 *   rows (the same notice to other users) are skipped. On PostgreSQL two inserts can commit out of
 *   id order; a look-back sends the first rows of the last two minutes at or below the cursor that
 *   have no delivery record (so a late commit is not lost, but it arrives after later ones).
 * - A failure: the attempt is recorded (outbound_deliveries), failing_since set, last_error, and
 *   retry_at = now + 1 s doubling per failure in a row up to CONSOLE_OUTBOUND_MAX_BACKOFF_MS; the
 *   destination waits. Once it has failed for 24 hours (failing_since, or this event's first failed
 *   attempt), the event is marked `dead` and the cursor passes it: the receiver sees a gap in the
 *   chain and can ask for a replay. A success clears the failure state.
 * - Logs name a destination by id and name, never its URL (DingTalk and Slack URLs hold tokens)
 *   nor its secret.
 */

export const OUTBOX_PASS = "outbound";
/** A claim lasts this long unless renewed; a killed process's destinations are taken over after it. */
export const LEASE_MS = 15_000;
/** An event failing this long is marked dead and passed. */
export const DEAD_AFTER_MS = 24 * 60 * 60 * 1000;
const BASE_BACKOFF_MS = 1000;
const BATCH = 100;
/** How long one destination is worked on in one run before its lease is given back. */
const BUDGET_MS = 10_000;
const CONCURRENCY = 4;
/** Accepted events are written (cursor, delivery log) in groups of at most this many, or this often. */
const FLUSH_EVERY = 25;
const FLUSH_MS = 250;
const LOOKBACK_EVERY_MS = 5000;
const LOOKBACK_WINDOW_S = 120;
const LOOKBACK_IDS = 1000;

const log = logger("outbound");

export interface OutboxOptions {
  /** Who holds the leases this pass takes (default: this process's own id). */
  owner?: string;
  /** The clock of failures, retries and the 24 hours (default: the database's). Leases always use the database's. */
  now?: () => Date;
  maxBackoffMs?: number;
  deadAfterMs?: number;
  leaseMs?: number;
  /** How long one destination is worked on before its lease is given back (default 10 s). */
  budgetMs?: number;
  batch?: number;
  /**
   * One console process on the database (PGlite: it holds the data folder alone), so a lease held
   * by another owner was left by a process that died: taken at once. Default: isSingleConnection.
   */
  singleProcess?: boolean;
  /** Look back for notifications committed out of id order (default: every 5 s, on PostgreSQL). */
  lookback?: boolean;
  /** How long the pass waits for its runs (default: until they end); the rest go on in the background. */
  waitMs?: number;
  /** The sender (default deliver(); tests may wrap it). */
  send?: (dest: OutboundDestinationRow, payload: OutboundPayload, at?: Date) => Promise<DeliveryAttempt>;
}

export interface OutboxResult {
  /** Destinations this pass worked on (runs started). */
  destinations: number;
  delivered: number;
  failed: number;
  dead: number;
  /** Events passed without sending: left out by the filter, or a notification already sent for its kind and subject. */
  skipped: number;
}

const emptyResult = (): OutboxResult => ({ destinations: 0, delivered: 0, failed: 0, dead: 0, skipped: 0 });

/** This process's lease owner name: host, pid and a random part (a restarted pid is another owner). */
export function processOwner(): string {
  return processSingleton("outbound.owner", () => `${process.pid}-${randomUUID().slice(0, 8)}`);
}

/** Runs per owner and destination in this process: a destination still being worked on is not started again. */
const inFlight = () => processSingleton("outbound.in-flight", () => new Set<string>());
const lastLookback = () => processSingleton("outbound.lookback", () => ({ at: 0 }));

/** The pass as the engine runs it (lib/jobs/passes.ts `ExtraPass`), every CONSOLE_OUTBOUND_CHECK_MS. */
export function outboxPass(env: Env) {
  const c = config(env);
  return {
    name: OUTBOX_PASS,
    periodMs: c.CONSOLE_OUTBOUND_CHECK_MS,
    run: async (db: Db) => {
      // A slow or failing receiver (5 s per attempt) must not hold back the others: the pass waits
      // a little for its runs, and the next tick starts destinations not running in this process.
      const r = await runOutboxPass(db, {
        maxBackoffMs: c.CONSOLE_OUTBOUND_MAX_BACKOFF_MS,
        waitMs: Math.max(1000, 2 * c.CONSOLE_OUTBOUND_CHECK_MS),
      });
      if (r.dead) log.warn({ pass: OUTBOX_PASS, ...r }, `${r.dead} event(s) marked dead after failing for 24 hours`);
    },
  };
}

type Item = { seq: number; payload: OutboundPayload | null };

interface Stream {
  name: OutboundStream;
  column: SQL;
  cursorOf(d: OutboundDestinationRow): number;
  fetch(db: Db, after: number, limit: number, d: OutboundDestinationRow): Promise<Item[]>;
}

const AUDIT: Stream = {
  name: "audit",
  column: sql.raw("last_seq"),
  cursorOf: (d) => Number(d.lastSeq),
  async fetch(db, after, limit, d) {
    const rows = await db.select().from(auditEvents).where(gt(auditEvents.id, after)).orderBy(asc(auditEvents.id)).limit(limit);
    return rows.map((r) => ({ seq: Number(r.id), payload: passesFilter(d.filter, "audit", r.action) ? auditPayload(r) : null }));
  },
};

interface NotificationRow {
  id: number | string;
  kind: string;
  subject: string;
  params: Record<string, unknown> | null;
  created_at: Date | string;
  first: boolean;
}

function toNotification(r: NotificationRow): OutboundPayload {
  const { href, ...rest } = r.params ?? {};
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(rest)) if (typeof v === "string" || typeof v === "number") values[k] = v;
  return notificationPayload({
    seq: Number(r.id),
    kind: r.kind,
    subject: r.subject,
    values,
    href: typeof href === "string" ? href : null,
    at: new Date(r.created_at),
  });
}

// Whether a row is the first of its kind and subject: one probe of notifications_kind_subject.
const FIRST = sql`NOT EXISTS (SELECT 1 FROM notifications m WHERE m.kind = n.kind AND m.subject = n.subject AND m.id < n.id)`;

const NOTIFICATIONS: Stream = {
  name: "notification",
  column: sql.raw("last_notification_seq"),
  cursorOf: (d) => Number(d.lastNotificationSeq),
  async fetch(db, after, limit, d) {
    const rows = await queryRows<NotificationRow>(
      db,
      sql`SELECT n.id, n.kind, n.subject, n.params, n.created_at, ${FIRST} AS first
        FROM notifications n WHERE n.id > ${after} ORDER BY n.id LIMIT ${limit}`,
    );
    return rows.map((r) => ({
      seq: Number(r.id),
      payload: r.first && passesFilter(d.filter, "notification", r.kind) ? toNotification(r) : null,
    }));
  },
};

/** First rows at or below the cursor, of the last two minutes, never attempted: inserts that committed after a later one. */
async function lateNotifications(db: Db, d: OutboundDestinationRow, cursor: number): Promise<Item[]> {
  const rows = await queryRows<NotificationRow>(
    db,
    sql`SELECT n.id, n.kind, n.subject, n.params, n.created_at, true AS first FROM notifications n
      WHERE n.id <= ${cursor} AND n.id > ${cursor - LOOKBACK_IDS}
        AND n.created_at > clock_timestamp() - make_interval(secs => ${LOOKBACK_WINDOW_S}) AND n.created_at >= ${d.createdAt.toISOString()}::timestamptz
        AND ${FIRST}
        AND NOT EXISTS (SELECT 1 FROM outbound_deliveries o WHERE o.destination_id = ${d.id}::uuid AND o.stream = 'notification' AND o.seq = n.id)
      ORDER BY n.id LIMIT 20`,
  );
  return rows.filter((r) => passesFilter(d.filter, "notification", r.kind)).map((r) => ({ seq: Number(r.id), payload: toNotification(r) }));
}

/** Sends what is past each destination's cursors: see the file's comment. */
export async function runOutboxPass(db: Db, options: OutboxOptions = {}): Promise<OutboxResult> {
  const o = {
    owner: options.owner ?? processOwner(),
    now: options.now,
    maxBackoffMs: options.maxBackoffMs ?? config().CONSOLE_OUTBOUND_MAX_BACKOFF_MS,
    deadAfterMs: options.deadAfterMs ?? DEAD_AFTER_MS,
    leaseMs: options.leaseMs ?? LEASE_MS,
    budgetMs: options.budgetMs ?? BUDGET_MS,
    batch: options.batch ?? BATCH,
    singleProcess: options.singleProcess ?? isSingleConnection(db),
    send: options.send ?? deliver,
  };
  let lookback = options.lookback;
  if (lookback === undefined) {
    const last = lastLookback();
    lookback = !o.singleProcess && Date.now() - last.at >= LOOKBACK_EVERY_MS;
    if (lookback) last.at = Date.now();
  }
  const running = inFlight();
  const key = (id: string) => `${o.owner}:${id}`;
  // Destinations this process is still working on (a run the previous tick left going) wait for it.
  const todo = (await dueDestinations(db, o, lookback)).filter((id) => !running.has(key(id)));
  for (const id of todo) running.add(key(id));
  // At most CONCURRENCY runs at once; each waiting destination starts as one ends.
  const worker = async (): Promise<OutboxResult> => {
    const total = emptyResult();
    for (let id = todo.shift(); id !== undefined; id = todo.shift()) {
      try {
        add(total, await runDestination(db, id, o, lookback));
      } finally {
        running.delete(key(id));
      }
    }
    return total;
  };
  const all = Promise.all(Array.from({ length: Math.min(CONCURRENCY, todo.length) }, worker)).then((rs) => rs.reduce(add, emptyResult()));
  if (options.waitMs === undefined) return all;
  let timer: NodeJS.Timeout | undefined;
  const waited = await Promise.race([all, new Promise<null>((r) => (timer = setTimeout(() => r(null), options.waitMs)))]);
  clearTimeout(timer);
  return waited ?? emptyResult();
}

function add(a: OutboxResult, b: OutboxResult): OutboxResult {
  a.destinations += b.destinations;
  a.delivered += b.delivered;
  a.failed += b.failed;
  a.dead += b.dead;
  a.skipped += b.skipped;
  return a;
}

type Resolved = Required<Omit<OutboxOptions, "now" | "lookback" | "waitMs">> & { now?: () => Date };

const nowSql = (o: Resolved): SQL => (o.now ? sql`${o.now().toISOString()}::timestamptz` : sql`clock_timestamp()`);
const leaseSql = (o: Resolved): SQL => sql`clock_timestamp() + make_interval(secs => ${o.leaseMs / 1000})`;
const claimable = (o: Resolved): SQL =>
  o.singleProcess ? sql`true` : sql`(lease_until IS NULL OR lease_until < clock_timestamp() OR lease_owner = ${o.owner})`;

/** The cheap "anything new?": destinations with events past a cursor, not paused, not waiting, not leased elsewhere. */
async function dueDestinations(db: Db, o: Resolved, lookback: boolean): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT id::text AS id FROM outbound_destinations
      WHERE deleted_at IS NULL AND NOT paused AND (retry_at IS NULL OR retry_at <= ${nowSql(o)}) AND ${claimable(o)}
        AND ((audit_stream AND last_seq < (SELECT coalesce(max(id), 0) FROM audit_events))
          OR (notifications AND (${lookback} OR last_notification_seq < (SELECT coalesce(max(id), 0) FROM notifications))))
      ORDER BY created_at LIMIT 200`,
  );
  return rows.map((r) => r.id);
}

/** Claims one destination and sends its streams until caught up, a failure, or the budget; then gives the lease back. */
async function runDestination(db: Db, id: string, o: Resolved, lookback: boolean): Promise<OutboxResult> {
  const result = emptyResult();
  const [dest] = await db
    .update(outboundDestinations)
    .set({ leaseOwner: o.owner, leaseUntil: leaseSql(o) })
    .where(
      sql`id = ${id}::uuid AND deleted_at IS NULL AND NOT paused AND (retry_at IS NULL OR retry_at <= ${nowSql(o)}) AND ${claimable(o)}`,
    )
    .returning();
  if (!dest) return result;
  result.destinations = 1;
  const run = new DestinationRun(db, dest, o, result);
  try {
    const ended = Date.now() + o.budgetMs;
    let state: RunEnd = "caught-up";
    if (dest.auditStream) state = await run.stream(AUDIT, ended);
    if (dest.notifications && state === "caught-up" && lookback) state = await run.late(ended);
    if (dest.notifications && state === "caught-up") state = await run.stream(NOTIFICATIONS, ended);
  } catch (e) {
    log.error({ destination: dest.id, name: dest.name, err: e }, "outbound delivery run failed");
  } finally {
    await db
      .execute(
        sql`UPDATE outbound_destinations SET lease_owner = NULL, lease_until = NULL WHERE id = ${dest.id}::uuid AND lease_owner = ${o.owner}`,
      )
      .catch(() => {});
  }
  return result;
}

type RunEnd = "caught-up" | "budget" | "failed" | "lost";

interface Attempted {
  item: Item & { payload: OutboundPayload };
  attempt: DeliveryAttempt;
}

/** One run on one claimed destination: its state as this process last wrote it. */
class DestinationRun {
  private failingSince: Date | null;
  private failures: number;

  constructor(
    private readonly db: Db,
    private readonly dest: OutboundDestinationRow,
    private readonly o: Resolved,
    private readonly result: OutboxResult,
  ) {
    this.failingSince = dest.failingSince;
    this.failures = dest.failures;
  }

  /** Sends a stream's events past its cursor, in order. */
  async stream(s: Stream, ended: number): Promise<RunEnd> {
    let stored = s.cursorOf(this.dest); // the cursor as written
    let upTo = stored; // every event up to here sent (or passed) in this run
    const sent: Attempted[] = []; // accepted, not yet written
    let firstSentAt = 0;
    // The cursor and the delivery log are written every FLUSH_EVERY events or FLUSH_MS, and before
    // anything else is written: a kill in between sends those events again, never skips one.
    const flush = async (): Promise<boolean> => {
      if (upTo === stored) return true;
      const ok = sent.length ? await this.recordSent(s, sent, stored, upTo) : await this.moveCursor(s, stored, upTo);
      if (!ok) return false;
      stored = upTo;
      sent.length = 0;
      return true;
    };
    for (;;) {
      const items = await s.fetch(this.db, upTo, this.o.batch, this.dest);
      if (!items.length) return (await flush()) ? "caught-up" : "lost";
      for (const item of items) {
        if (!item.payload) {
          upTo = item.seq;
          this.result.skipped++;
          continue;
        }
        const attempt = await this.o.send(this.dest, item.payload, new Date());
        if (attempt.ok) {
          if (!sent.length) firstSentAt = Date.now();
          sent.push({ item: item as Attempted["item"], attempt });
          upTo = item.seq;
          if ((sent.length >= FLUSH_EVERY || Date.now() - firstSentAt >= FLUSH_MS) && !(await flush())) return "lost";
        } else {
          if (!(await flush())) return "lost";
          const end = await this.record(s, { item: item as Attempted["item"], attempt }, { from: stored, to: stored });
          if (end === "lost" || end === "failed") return end;
          stored = upTo = item.seq; // dead: passed
        }
        if (Date.now() > ended) return (await flush()) ? "budget" : "lost";
      }
    }
  }

  /** Notifications that committed after a later one (see lateNotifications); the cursor stays. */
  async late(ended: number): Promise<RunEnd> {
    for (const item of await lateNotifications(this.db, this.dest, NOTIFICATIONS.cursorOf(this.dest))) {
      const attempted = { item: item as Attempted["item"], attempt: await this.o.send(this.dest, item.payload!, new Date()) };
      const end = await this.record(NOTIFICATIONS, attempted, null);
      if (end === "lost" || end === "failed") return end;
      if (Date.now() > ended) return "budget";
    }
    return "caught-up";
  }

  /** Events the receiver accepted: the cursor moves from `from` to `to` (past them and any passed), their delivery records, the failure state cleared. */
  private async recordSent(s: Stream, sent: readonly Attempted[], from: number, to: number): Promise<boolean> {
    const now = nowSql(this.o);
    const values = sent.map(
      ({ item, attempt }) =>
        sql`(${item.seq}::bigint, ${eventId(item.payload)}::text, ${attempt.status}::int, ${Math.round(attempt.latencyMs)}::int)`,
    );
    const [r] = await queryRows<{ n: number }>(
      this.db,
      sql`WITH d AS (
          UPDATE outbound_destinations SET ${s.column} = ${to}, last_success_at = ${now}, failing_since = NULL, retry_at = NULL,
            last_error = NULL, failures = 0, lease_until = ${leaseSql(this.o)}
          WHERE id = ${this.dest.id}::uuid AND lease_owner = ${this.o.owner} AND deleted_at IS NULL AND NOT paused AND ${s.column} = ${from}
          RETURNING id),
        ins AS (
          INSERT INTO outbound_deliveries AS x (destination_id, stream, seq, event_id, outcome, status, latency_ms, attempts, error, first_at, at)
          SELECT d.id, ${s.name}, v.seq, v.event_id, 'delivered', v.status, v.latency_ms, 1, NULL, ${now}, ${now}
          FROM d, (VALUES ${sql.join(values, sql`, `)}) AS v(seq, event_id, status, latency_ms)
          ON CONFLICT (destination_id, stream, seq) DO UPDATE SET outcome = 'delivered', event_id = excluded.event_id,
            status = excluded.status, latency_ms = excluded.latency_ms, error = NULL, at = excluded.at,
            attempts = CASE WHEN x.outcome = 'failed' THEN x.attempts + 1 ELSE 1 END,
            first_at = CASE WHEN x.outcome = 'failed' THEN x.first_at ELSE excluded.first_at END
          RETURNING 1)
        SELECT (SELECT count(*) FROM d)::int AS n`,
    );
    if (Number(r?.n) !== 1) return false;
    for (let i = 0; i < sent.length; i++) countDelivery(this.dest.id, "delivered");
    this.result.delivered += sent.length;
    if (this.failures > 0)
      log.info({ destination: this.dest.id, name: this.dest.name, stream: s.name, seq: to }, "outbound destination answers again");
    this.failingSince = null;
    this.failures = 0;
    return true;
  }

  /** The cursor passes events that are not sent (filter, repeats): fenced by the lease and the cursor expected. */
  private async moveCursor(s: Stream, from: number, to: number): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      this.db,
      sql`UPDATE outbound_destinations SET ${s.column} = ${to}, lease_until = ${leaseSql(this.o)}
        WHERE id = ${this.dest.id}::uuid AND lease_owner = ${this.o.owner} AND deleted_at IS NULL AND NOT paused AND ${s.column} = ${from}
        RETURNING id`,
    );
    return rows.length === 1;
  }

  /**
   * Writes an attempt's outcome: the delivery record and the destination's state in one statement,
   * fenced by the lease (and, when `cursor` is given, by the cursor expected: `from`, with skipped
   * events up to `to`). A success or a dead event moves the cursor to the event; a failure to `to`.
   */
  private async record(s: Stream, { item, attempt }: Attempted, cursor: { from: number; to: number } | null): Promise<RunEnd | "next"> {
    const o = this.o;
    const now = nowSql(o);
    let outcome: "delivered" | "failed" | "dead" = attempt.ok ? "delivered" : "failed";
    if (!attempt.ok && (await this.hasFailedLongEnough(s, item.seq))) outcome = "dead";
    const moveTo = cursor ? (outcome === "failed" ? cursor.to : item.seq) : null;
    const destState =
      outcome === "delivered"
        ? sql`last_success_at = ${now}, failing_since = NULL, retry_at = NULL, last_error = NULL, failures = 0`
        : sql`failing_since = coalesce(failing_since, ${now}), last_error = ${attempt.error}, failures = failures + 1,
            retry_at = ${
              outcome === "dead"
                ? sql`NULL`
                : sql`${now} + make_interval(secs => least(${o.maxBackoffMs}::float8, ${BASE_BACKOFF_MS} * power(2, least(failures, 30))::float8) / 1000.0)`
            }`;
    const rows = await queryRows<{ failing_since: Date | string | null; failures: number }>(
      this.db,
      sql`WITH d AS (
          UPDATE outbound_destinations SET ${moveTo !== null ? sql`${s.column} = ${moveTo}, ` : sql``}${destState}, lease_until = ${leaseSql(o)}
          WHERE id = ${this.dest.id}::uuid AND lease_owner = ${o.owner} AND deleted_at IS NULL AND NOT paused
            ${cursor ? sql`AND ${s.column} = ${cursor.from}` : sql``}
          RETURNING id, failing_since, failures),
        ins AS (
          INSERT INTO outbound_deliveries AS x (destination_id, stream, seq, event_id, outcome, status, latency_ms, attempts, error, first_at, at)
          SELECT id, ${s.name}, ${item.seq}, ${eventId(item.payload)}, ${outcome}, ${attempt.status}, ${Math.round(attempt.latencyMs)}, 1,
            ${attempt.error}, ${now}, ${now} FROM d
          ON CONFLICT (destination_id, stream, seq) DO UPDATE SET outcome = excluded.outcome, event_id = excluded.event_id,
            status = excluded.status, latency_ms = excluded.latency_ms, error = excluded.error, at = excluded.at,
            attempts = CASE WHEN x.outcome = 'failed' THEN x.attempts + 1 ELSE 1 END,
            first_at = CASE WHEN x.outcome = 'failed' THEN x.first_at ELSE excluded.first_at END
          RETURNING seq)
        SELECT d.failing_since, d.failures FROM d`,
    );
    countDelivery(this.dest.id, outcome);
    if (!rows.length) return "lost";
    const wasFailing = this.failures > 0;
    this.failingSince = rows[0].failing_since === null ? null : new Date(rows[0].failing_since);
    this.failures = Number(rows[0].failures);
    const who = { destination: this.dest.id, name: this.dest.name, stream: s.name, seq: item.seq };
    if (outcome === "delivered") {
      this.result.delivered++;
      if (wasFailing) log.info(who, "outbound destination answers again");
      return "next";
    }
    if (outcome === "dead") {
      this.result.dead++;
      log.warn({ ...who, status: attempt.status, error: attempt.error }, "outbound event marked dead after failing for 24 hours; passed");
      return "next";
    }
    this.result.failed++;
    // Said when it starts failing, then every tenth attempt: a receiver down for hours does not flood the log.
    if (!wasFailing || this.failures % 10 === 0)
      log.warn(
        { ...who, status: attempt.status, error: attempt.error, failures: this.failures },
        "outbound delivery failed; retrying with backoff",
      );
    return "failed";
  }

  /** Whether a failing event is past the 24 hours: the destination has failed that long, or this event's failed attempts began that long ago. */
  private async hasFailedLongEnough(s: Stream, seq: number): Promise<boolean> {
    const [r] = await queryRows<{ dead: boolean }>(
      this.db,
      sql`SELECT (${this.failingSince?.toISOString() ?? null}::timestamptz <= ${nowSql(this.o)} - make_interval(secs => ${this.o.deadAfterMs / 1000}))
          OR coalesce((SELECT x.first_at <= ${nowSql(this.o)} - make_interval(secs => ${this.o.deadAfterMs / 1000})
            FROM outbound_deliveries x WHERE x.destination_id = ${this.dest.id}::uuid AND x.stream = ${s.name} AND x.seq = ${seq} AND x.outcome = 'failed'), false) AS dead`,
    );
    return r?.dead === true;
  }
}
