import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { resolveRange, type HistoryFilter, type RowOutcome } from "../validation/history-filter";

/** One audit event as the detail view shows it (snake_case straight from `row_to_json`). */
export interface AuditEventView {
  id: number;
  operation_id: string;
  at: string;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  params: unknown;
  phase: "requested" | "completed";
  outcome: string | null;
  error_code: string | null;
  error_message: string | null;
  ens_request_id: string | null;
  duration_ms: number | null;
  source_ip: string | null;
  user_agent: string | null;
  bulk_id: string | null;
  result: unknown;
  prev_hash: string;
  hash: string;
}

/** One operation: its `requested` and `completed` events joined. */
export interface OperationRow {
  operationId: string;
  /** The first event's time (ISO, UTC): when the operation started. */
  at: string;
  actorEmail: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  params: unknown;
  outcome: RowOutcome;
  errorCode: string | null;
  errorMessage: string | null;
  ensRequestId: string | null;
  durationMs: number | null;
  sourceIp: string | null;
  bulkId: string | null;
  /** What the operation produced beyond its outcome, from its `completed` event. */
  result: unknown;
  requested: AuditEventView | null;
  completed: AuditEventView | null;
  /** The keyset position of this row. */
  cursor: Cursor;
}

/** Keyset position: the (at, id) of an operation's first event. `at` keeps microseconds as text. */
export interface Cursor {
  at: string;
  id: number;
}

export interface PageOptions {
  limit?: number;
  /** Rows strictly older than this. */
  before?: Cursor | null;
  /** Rows strictly newer than this (the "Newer" link); still returned newest first. */
  after?: Cursor | null;
  now?: Date;
}

export interface OperationPage {
  rows: OperationRow[];
  /** Set when older rows exist. */
  older: Cursor | null;
  /** Set when newer rows exist (only known when paging from a cursor). */
  newer: Cursor | null;
}

export const MAX_PAGE = 5000;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** WHERE clauses on the anchor event `a` (the completion only through subqueries). */
function filterClauses(f: HistoryFilter, now: Date): SQL[] {
  const w: SQL[] = [];
  if (f.actor) w.push(sql`a.actor_email = ${f.actor.toLowerCase()}`);
  if (f.action) w.push(sql`a.action = ${f.action}`);
  if (f.target) w.push(sql`a.target_id = ${f.target}`);
  if (f.bulk) w.push(sql`a.bulk_id = ${f.bulk}`);
  const done = (col: SQL) => sql`(SELECT ${col} FROM audit_events c WHERE c.operation_id = a.operation_id AND c.phase = 'completed')`;
  if (f.outcome === "pending") w.push(sql`a.phase = 'requested' AND ${done(sql`c.id`)} IS NULL`);
  else if (f.outcome) w.push(sql`(CASE WHEN a.phase = 'completed' THEN a.outcome ELSE ${done(sql`c.outcome`)} END) = ${f.outcome}`);
  const { from, to } = resolveRange(f, now);
  if (from) w.push(sql`a.at >= ${from.toISOString()}::timestamptz`);
  if (to) w.push(sql`a.at <= ${to.toISOString()}::timestamptz`);
  if (f.q) {
    const p = `%${likeEscape(f.q)}%`;
    w.push(sql`(a.target_id ILIKE ${p} OR a.error_code ILIKE ${p} OR ${done(sql`c.error_code`)} ILIKE ${p})`);
  }
  return w;
}

function toRow(a: AuditEventView, c: AuditEventView | null): OperationRow {
  const requested = a.phase === "requested" ? a : null;
  const completed = a.phase === "completed" ? a : c;
  const end = completed;
  return {
    operationId: a.operation_id,
    at: new Date(a.at).toISOString(),
    actorEmail: a.actor_email,
    actorRole: a.actor_role,
    action: a.action,
    targetType: a.target_type,
    targetId: a.target_id,
    params: a.params ?? end?.params ?? null,
    outcome: (end?.outcome as RowOutcome | null) ?? "pending",
    errorCode: end?.error_code ?? null,
    errorMessage: end?.error_message ?? null,
    ensRequestId: end?.ens_request_id ?? null,
    durationMs: end?.duration_ms ?? null,
    sourceIp: a.source_ip,
    bulkId: a.bulk_id,
    result: end?.result ?? null,
    requested,
    completed,
    cursor: { at: a.at, id: Number(a.id) },
  };
}

/**
 * Operations, newest first, by keyset on the (at, id) of each operation's first event: its
 * `requested` event, or its only `completed` event. A completion never creates a new anchor, so
 * pages stay stable while events arrive: no duplicates and no gaps.
 */
export async function listOperations(db: Db, filter: HistoryFilter, opts: PageOptions = {}): Promise<OperationPage> {
  const limit = Math.max(1, Math.min(opts.limit ?? 50, MAX_PAGE));
  const where = filterClauses(filter, opts.now ?? new Date());
  const forward = !!opts.after && !opts.before;
  const cur = opts.before ?? opts.after;
  if (cur) {
    const op = forward ? sql.raw(">") : sql.raw("<");
    where.push(sql`(a.at, a.id) ${op} (${cur.at}::timestamptz, ${cur.id}::bigint)`);
  }
  const dir = forward ? sql.raw("ASC") : sql.raw("DESC");
  // The anchor test and the completion's columns are correlated scalar subqueries on purpose:
  // as joins, PostgreSQL misjudges how many rows survive and sorts the whole table.
  const rows = await queryRows<{ a: AuditEventView; c: AuditEventView | null }>(
    db,
    sql`SELECT row_to_json(p) AS a, row_to_json(c) AS c FROM (
          SELECT a.* FROM audit_events a
          WHERE (a.phase = 'requested' OR (SELECT r.id FROM audit_events r
                  WHERE r.operation_id = a.operation_id AND r.phase = 'requested') IS NULL)
            ${where.length ? sql`AND ${sql.join(where, sql` AND `)}` : sql``}
          ORDER BY a.at ${dir}, a.id ${dir}
          LIMIT ${limit + 1}) p
        LEFT JOIN LATERAL (SELECT * FROM audit_events c
          WHERE p.phase = 'requested' AND c.operation_id = p.operation_id AND c.phase = 'completed' LIMIT 1) c ON true
        ORDER BY p.at ${dir}, p.id ${dir}`,
  );
  const more = rows.length > limit;
  const page = rows.slice(0, limit).map((r) => toRow(parseJson(r.a), r.c ? parseJson(r.c) : null));
  if (forward) page.reverse();
  const first = page[0]?.cursor ?? null;
  const last = page.at(-1)?.cursor ?? null;
  return {
    rows: page,
    older: forward ? (cur ? last : null) : more ? last : null,
    newer: forward ? (more ? first : null) : cur ? first : null,
  };
}

/** Both events of one operation, or null. */
export async function getOperation(db: Db, operationId: string): Promise<OperationRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(operationId)) return null;
  const events = await queryRows<{ e: AuditEventView }>(
    db,
    sql`SELECT row_to_json(e) AS e FROM audit_events e WHERE e.operation_id = ${operationId}::uuid ORDER BY e.id`,
  );
  if (!events.length) return null;
  const list = events.map((r) => parseJson(r.e));
  const first = list[0];
  const completed = list.find((e) => e.phase === "completed") ?? null;
  return toRow(first, first.phase === "requested" ? completed : null);
}

// node-postgres parses json columns; PGlite does too, but a driver may hand back text.
function parseJson(v: unknown): AuditEventView {
  const e = (typeof v === "string" ? JSON.parse(v) : v) as AuditEventView;
  return { ...e, id: Number(e.id) };
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.at}|${c.id}`, "utf8").toString("base64url");
}

export function decodeCursor(s: string | undefined | null): Cursor | null {
  if (!s || s.length > 200) return null;
  const [at, id] = Buffer.from(s, "base64url").toString("utf8").split("|");
  if (!at || !/^\d{1,18}$/.test(id ?? "") || Number.isNaN(new Date(at).getTime())) return null;
  return { at, id: Number(id) };
}
