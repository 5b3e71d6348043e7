import { sql, type SQL } from "drizzle-orm";
import { isSingleConnection, queryRows, type Db } from "../db/client";
import type { Role } from "../db/schema";
import { resolveRange, type HistoryFilter } from "./filter";
import type { AuditEventView } from "./event-view";
import { operationSummary, type OperationSummary } from "./operation-summary";
import { resolutionOf, type Resolution } from "./resolution";

export { resolutionOf, type AuditEventView, type Resolution };

/** One operation: its `requested` and `completed` events joined. */
export interface OperationRow extends OperationSummary {
  requested: AuditEventView | null;
  completed: AuditEventView | null;
  /** Appended to an `unknown` operation once ENS showed (or could not show) what happened. */
  resolved: AuditEventView | null;
  /** What `resolved` found. */
  resolution: Resolution | null;
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
  /** Wall-clock budget for the whole page; past it the page returns what it found so far. */
  budgetMs?: number;
  /** About how many events one statement may examine. */
  windowEvents?: number;
  /** Cut params, result and long text columns to about this many bytes in SQL (list views). */
  capBytes?: number;
  /**
   * Read only what the row's summary and resolution derive from (the CSV export): each event
   * carries just those columns, so a row allocates a fraction of three whole events. The rows'
   * `requested`, `completed` and `resolved` are then partial events, for no other use.
   */
  summaryOnly?: boolean;
}

export interface OperationPage {
  rows: OperationRow[];
  /** Set when older rows exist (or, when `incomplete`, where the unfinished search goes on). */
  older: Cursor | null;
  /** Set when newer rows exist (only known when paging from a cursor). */
  newer: Cursor | null;
  /** The time budget ran out before the page was full: events past the cursor were not searched. */
  incomplete?: boolean;
}

/** Who is looking: the view hides some fields from staff who are not auditors or admins. */
export interface HistoryViewer {
  id: string;
  role: Role;
}

/** Failed sign-in names, client addresses and user agents are for auditors and admins. */
export function seesEverything(v: HistoryViewer): boolean {
  return v.role === "auditor" || v.role === "admin";
}

export const MAX_PAGE = 5000;
/** Events one statement examines at most (about): on PGlite a statement holds the Node thread. */
export const WINDOW_EVENTS = 20_000;
export const HISTORY_BUDGET_MS = 1500;
/** PostgreSQL only (PGlite ignores it): a backstop should one window's statement still run long. */
const STATEMENT_TIMEOUT_MS = 5000;

/** A history statement ran past its time budget (PostgreSQL's statement_timeout). */
export class HistoryTimeoutError extends Error {
  constructor() {
    super("The history query ran past its time budget. Narrow the search (a date range, an actor or an action) and try again.");
    this.name = "HistoryTimeoutError";
  }
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Error codes are a small vocabulary: their distinct values are read by a loose index scan (one
 * btree probe each, capped) and the search text is matched against them in memory, so searching
 * error codes never scans the log.
 */
async function matchingErrorCodes(db: Db, pattern: string): Promise<string[]> {
  const rows = await queryRows<{ c: string }>(
    db,
    sql`WITH RECURSIVE codes(c, n) AS (
          (SELECT min(error_code), 1 FROM audit_events WHERE error_code IS NOT NULL)
          UNION ALL
          SELECT (SELECT min(e.error_code) FROM audit_events e WHERE e.error_code > codes.c), codes.n + 1
          FROM codes WHERE codes.c IS NOT NULL AND codes.n < 2000)
        SELECT c FROM codes WHERE c IS NOT NULL AND c ILIKE ${pattern}`,
  );
  return rows.map((r) => r.c);
}

/** WHERE clauses on the anchor event `a` (the completion only through subqueries). */
function filterClauses(f: HistoryFilter, now: Date, codes: string[], viewer: HistoryViewer | null): SQL[] {
  const w: SQL[] = [];
  if (f.actor) w.push(sql`a.actor_email = ${f.actor.toLowerCase()}`);
  if (f.action) w.push(sql`a.action = ${f.action}`);
  if (f.target) w.push(sql`a.target_id = ${f.target}`);
  if (f.bulk) w.push(sql`a.bulk_id = ${f.bulk}`);
  const done = (col: SQL) => sql`(SELECT ${col} FROM audit_events c WHERE c.operation_id = a.operation_id AND c.phase = 'completed')`;
  if (f.outcome === "pending") w.push(sql`a.phase = 'requested' AND ${done(sql`c.id`)} IS NULL`);
  else if (f.outcome === "unresolved")
    // Unknown, and no `resolved` event settled it (one that found ENS could not tell does not).
    w.push(sql`(CASE WHEN a.phase = 'completed' THEN a.outcome ELSE ${done(sql`c.outcome`)} END) = 'unknown'
      AND NOT EXISTS (SELECT 1 FROM audit_events x WHERE x.operation_id = a.operation_id AND x.phase = 'resolved' AND x.outcome <> 'unknown')`);
  else if (f.outcome) w.push(sql`(CASE WHEN a.phase = 'completed' THEN a.outcome ELSE ${done(sql`c.outcome`)} END) = ${f.outcome}`);
  const { from, to } = resolveRange(f, now);
  if (from) w.push(sql`a.at >= ${from.toISOString()}::timestamptz`);
  if (to) w.push(sql`a.at <= ${to.toISOString()}::timestamptz`);
  if (f.q) {
    // target_id has a trigram index; error codes were resolved to exact values beforehand.
    const p = `%${likeEscape(f.q)}%`;
    if (codes.length) {
      const list = sql.join(
        codes.map((c) => sql`${c}`),
        sql`, `,
      );
      w.push(sql`(a.target_id ILIKE ${p} OR a.error_code IN (${list}) OR EXISTS (SELECT 1 FROM audit_events c
        WHERE c.operation_id = a.operation_id AND c.phase = 'completed' AND c.error_code IN (${list})))`);
    } else {
      w.push(sql`a.target_id ILIKE ${p}`);
    }
  }
  // Hidden fields must not be found by searching for them either.
  if (viewer && !seesEverything(viewer) && (f.q || f.target || f.actor)) {
    w.push(sql`NOT (a.action = 'auth.sign_in' AND a.outcome IS DISTINCT FROM 'success' AND a.actor_id IS DISTINCT FROM ${viewer.id})`);
  }
  return w;
}

function toRow(a: AuditEventView, c: AuditEventView | null, resolved: AuditEventView | null = null): OperationRow {
  const requested = a.phase === "requested" ? a : null;
  const completed = a.phase === "completed" ? a : c;
  // Not `{ ...summary, ... }`: V8's copy of a spread of this many fields (and five more) cost
  // about 4 KB a row; assigning onto the summary costs a tenth of that, same keys in the same order.
  return Object.assign(operationSummary(a, completed), {
    requested,
    completed,
    resolved,
    resolution: resolutionOf(resolved),
    cursor: { at: a.at, id: Number(a.id) },
  });
}

const key = (c: Cursor) => sql`(${c.at}::timestamptz, ${c.id}::bigint)`;
const keyLess = (a: Cursor, b: Cursor) => {
  const ta = new Date(a.at).getTime();
  const tb = new Date(b.at).getTime();
  return ta !== tb ? ta < tb : a.at !== b.at ? a.at < b.at : a.id < b.id;
};

/** The keyset position of the event with the nearest id at or below (or above) `id`. */
async function keyNear(db: Db, id: number, below: boolean): Promise<Cursor | null> {
  const [r] = await queryRows<{ at: string; id: string | number }>(
    db,
    below
      ? sql`SELECT to_json(at)#>>'{}' AS at, id FROM audit_events WHERE id <= ${id} ORDER BY id DESC LIMIT 1`
      : sql`SELECT to_json(at)#>>'{}' AS at, id FROM audit_events WHERE id >= ${id} ORDER BY id LIMIT 1`,
  );
  return r ? { at: r.at, id: Number(r.id) } : null;
}

/**
 * A condition every event the filter can match also meets, that one btree probe answers: an
 * equality on a column indexed with (at, id) after it (actor, else target, else action), and the
 * date range, or the date range alone on the (at, id) index. Null when the filter has neither.
 */
function seekClauses(f: HistoryFilter, now: Date): SQL[] | null {
  const w: SQL[] = [];
  if (f.actor) w.push(sql`a.actor_email = ${f.actor.toLowerCase()}`);
  else if (f.target) w.push(sql`a.target_id = ${f.target}`);
  else if (f.action) w.push(sql`a.action = ${f.action}`);
  const { from, to } = resolveRange(f, now);
  if (from) w.push(sql`a.at >= ${from.toISOString()}::timestamptz`);
  if (to) w.push(sql`a.at <= ${to.toISOString()}::timestamptz`);
  return w.length ? w : null;
}

/**
 * The keyset position of the nearest event past `edge` (older, or newer when `forward`) that meets
 * `seek`, or null when there is none: the first entry of one index range, whatever the log's size.
 */
async function nearestMatch(db: Db, seek: SQL[], edge: Cursor | null, forward: boolean): Promise<Cursor | null> {
  const w = [...seek];
  if (edge) w.push(forward ? sql`(a.at, a.id) > ${key(edge)}` : sql`(a.at, a.id) < ${key(edge)}`);
  const dir = forward ? sql.raw("ASC") : sql.raw("DESC");
  const [r] = await queryRows<{ at: string; id: string | number }>(
    db,
    sql`SELECT to_json(a.at)#>>'{}' AS at, a.id FROM audit_events a WHERE ${sql.join(w, sql` AND `)}
        ORDER BY a.at ${dir}, a.id ${dir} LIMIT 1`,
  );
  return r ? { at: r.at, id: Number(r.id) } : null;
}

/** One statement, under PostgreSQL's statement_timeout; PGlite has no timer, so windows bound it. */
async function budgeted<T>(db: Db, q: SQL): Promise<T[]> {
  if (isSingleConnection(db)) return queryRows<T>(db, q);
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`));
      return queryRows<T>(tx, q);
    });
  } catch (e) {
    const err = e as { code?: string; cause?: { code?: string } };
    if (err.code === "57014" || err.cause?.code === "57014") throw new HistoryTimeoutError();
    throw e;
  }
}

/** A jsonb column of `alias`, replaced by its size and first bytes when larger than `cap`. */
function capped(alias: string, col: string, cap: number): SQL {
  const c = sql.raw(`${alias}.${col}`);
  return sql`CASE WHEN octet_length(${c}::text) > ${cap}
    THEN jsonb_build_object('truncated', true, 'bytes', octet_length(${c}::text), 'start', left(${c}::text, ${cap}))
    ELSE ${c} END`;
}

/** An event as JSON; with a cap, its large columns are cut in SQL so they never reach Node whole. */
function eventJson(alias: "p" | "c" | "r", cap: number | undefined): SQL {
  if (!cap) return sql.raw(`row_to_json(${alias})`);
  const t = (col: string, n: number) => sql.raw(`'${col}', left(${alias}.${col}, ${n})`);
  return sql`CASE WHEN ${sql.raw(alias)}.id IS NULL THEN NULL ELSE (to_jsonb(${sql.raw(alias)}) || jsonb_build_object(
      'params', ${capped(alias, "params", cap)}, 'result', ${capped(alias, "result", cap)},
      ${t("error_message", 2000)}, ${t("user_agent", 500)}, ${t("target_id", 500)}, ${t("actor_email", 400)})) END`;
}

/** The columns `operationSummary` takes from the first event (it may be the completion itself). */
const FIRST_COLS = [
  "id",
  "operation_id",
  "at",
  "phase",
  "actor_email",
  "actor_role",
  "action",
  "target_type",
  "target_id",
  "params",
  "source_ip",
  "bulk_id",
  "outcome",
  "error_code",
  "error_message",
  "ens_request_id",
  "duration_ms",
  "result",
];
/** The columns `operationSummary` takes from the completion (its params only as the fallback). */
const END_COLS = ["id", "phase", "outcome", "error_code", "error_message", "ens_request_id", "duration_ms", "result"];
/** The columns `resolutionOf` reads. */
const RESOLVED_COLS = ["id", "phase", "at", "params"];

/**
 * An event as JSON with only the named columns, each serialized as `row_to_json` does; null when
 * the join found none. The completion's params only when the first event has none.
 */
function summaryJson(alias: "p" | "c" | "r", cols: string[]): SQL {
  const pairs = cols.map((c) => `'${c}', ${alias}.${c}`);
  if (alias === "c") pairs.push(`'params', CASE WHEN p.params IS NULL OR jsonb_typeof(p.params) = 'null' THEN c.params END`);
  return sql.raw(`CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object(${pairs.join(", ")}) END`);
}

/**
 * Operations, newest first, by keyset on the (at, id) of each operation's first event: its
 * `requested` event, or its only `completed` event. A completion never creates a new anchor, so
 * pages stay stable while events arrive: no duplicates and no gaps.
 *
 * The log is read in keyset windows of about `windowEvents` events, one statement each, so no
 * statement examines more than a window (on PGlite a statement holds the Node thread; between
 * windows other requests run). Past `budgetMs` the page stops early and says so (`incomplete`),
 * with a cursor where the search goes on. With an actor, target, action or date range, one index
 * probe first finds the nearest event that can match (and again after a window found nothing), so
 * the windows start there: a filter that matches nothing, or only far back, costs a probe, not a
 * walk through every window in between.
 */
export async function listOperations(
  db: Db,
  filter: HistoryFilter,
  opts: PageOptions & { viewer?: HistoryViewer | null } = {},
): Promise<OperationPage> {
  const started = performance.now();
  const limit = Math.max(1, Math.min(opts.limit ?? 50, MAX_PAGE));
  const budget = opts.budgetMs ?? HISTORY_BUDGET_MS;
  const span = Math.max(1, opts.windowEvents ?? WINDOW_EVENTS);
  const codes = filter.q ? await matchingErrorCodes(db, `%${likeEscape(filter.q)}%`) : [];
  const now = opts.now ?? new Date();
  const where = filterClauses(filter, now, codes, opts.viewer ?? null);
  const seek = seekClauses(filter, now);
  const forward = !!opts.after && !opts.before;
  const cur = opts.before ?? opts.after ?? null;
  const dir = forward ? sql.raw("ASC") : sql.raw("DESC");
  const cap = opts.capBytes;

  // Windows are contiguous keyset ranges: `edge` is the scanned side's open bound, moving away
  // from the cursor only, so windows never overlap whatever order ids and times were written in.
  let edge: Cursor | null = cur;
  // Without a cursor the windows start at the newest event (backwards), or at the probe's match.
  let nextId = cur
    ? cur.id
    : forward
      ? 0
      : seek
        ? Number.MAX_SAFE_INTEGER
        : Number((await queryRows<{ m: string | number | null }>(db, sql`SELECT max(id) AS m FROM audit_events`))[0]?.m ?? 0) + 1;
  const found: { a: AuditEventView; c: AuditEventView | null; r: AuditEventView | null }[] = [];
  let incomplete = false;
  let probe = !!seek;
  for (;;) {
    if (seek && probe) {
      const hit = await nearestMatch(db, seek, edge, forward);
      // Nothing past the edge can match: the page ends here, with no older (newer) rows.
      if (!hit) break;
      // Nothing between the edge and the match can match either: the next window starts at the
      // match (the edge is exclusive, and ids are integers, so id ± 1 keeps the match inside).
      const start = { at: hit.at, id: forward ? hit.id - 1 : hit.id + 1 };
      if (!edge || (forward ? keyLess(edge, start) : keyLess(start, edge))) edge = start;
      nextId = forward ? Math.max(nextId, hit.id - 1) : Math.min(nextId, hit.id + 1);
    }
    const cutId = forward ? nextId + span : nextId - span;
    const bound = cutId > 0 ? await keyNear(db, cutId, !forward) : null;
    const last = !bound;
    const w = [...where];
    if (edge) w.push(forward ? sql`(a.at, a.id) > ${key(edge)}` : sql`(a.at, a.id) < ${key(edge)}`);
    if (bound) w.push(forward ? sql`(a.at, a.id) <= ${key(bound)}` : sql`(a.at, a.id) >= ${key(bound)}`);
    // The anchor test and the completion's columns are correlated scalar subqueries on purpose:
    // as joins, PostgreSQL misjudges how many rows survive and sorts the whole table.
    const cols = opts.summaryOnly
      ? sql`${summaryJson("p", FIRST_COLS)} AS a, ${summaryJson("c", END_COLS)} AS c, ${summaryJson("r", RESOLVED_COLS)} AS r`
      : sql`${eventJson("p", cap)} AS a, ${eventJson("c", cap)} AS c, ${eventJson("r", cap)} AS r`;
    const rows = await budgeted<{ a: unknown; c: unknown; r: unknown }>(
      db,
      sql`SELECT ${cols} FROM (
            SELECT a.* FROM audit_events a
            WHERE (a.phase = 'requested' OR (SELECT r.id FROM audit_events r
                    WHERE r.operation_id = a.operation_id AND r.phase = 'requested') IS NULL)
              ${w.length ? sql`AND ${sql.join(w, sql` AND `)}` : sql``}
            ORDER BY a.at ${dir}, a.id ${dir}
            LIMIT ${limit + 1 - found.length}) p
          LEFT JOIN LATERAL (SELECT * FROM audit_events c
            WHERE p.phase = 'requested' AND c.operation_id = p.operation_id AND c.phase = 'completed' LIMIT 1) c ON true
          LEFT JOIN LATERAL (SELECT * FROM audit_events r
            WHERE COALESCE(c.outcome, p.outcome) = 'unknown' AND r.operation_id = p.operation_id AND r.phase = 'resolved' LIMIT 1) r ON true
          ORDER BY p.at ${dir}, p.id ${dir}`,
    );
    for (const r of rows) found.push({ a: parseJson(r.a), c: r.c ? parseJson(r.c) : null, r: r.r ? parseJson(r.r) : null });
    if (found.length > limit || last) break;
    probe = rows.length === 0;
    if (!edge || (forward ? keyLess(edge, bound) : keyLess(bound, edge))) edge = bound;
    // From the event found, not the cut: a cursor far past the last id must not walk empty windows.
    nextId = bound.id;
    if (performance.now() - started > budget) {
      incomplete = true;
      break;
    }
  }
  const more = found.length > limit;
  const page = found.slice(0, limit).map((r) => toRow(r.a, r.c, r.r));
  if (forward) page.reverse();
  const first = page[0]?.cursor ?? null;
  const lastRow = page.at(-1)?.cursor ?? null;
  if (incomplete) {
    return forward
      ? { rows: page, older: lastRow ?? cur, newer: edge, incomplete }
      : { rows: page, older: edge, newer: cur ? first : null, incomplete };
  }
  return {
    rows: page,
    older: forward ? (cur ? lastRow : null) : more ? lastRow : null,
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
  const resolved = list.find((e) => e.phase === "resolved") ?? null;
  return toRow(first, first.phase === "requested" ? completed : null, resolved);
}

// node-postgres parses json columns; PGlite does too, but a driver may hand back text.
function parseJson(v: unknown): AuditEventView {
  const e = (typeof v === "string" ? JSON.parse(v) : v) as AuditEventView;
  return { ...e, id: Number(e.id) };
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.at}|${c.id}`, "utf8").toString("base64url");
}

const CURSOR_AT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-](\d{2})(:?\d{2})?)$/;

/**
 * A cursor from a URL, or null when it is not one this module wrote. Strict, so whatever reaches
 * SQL is a timestamp PostgreSQL accepts (JavaScript's Date takes much more, e.g. "1" or Feb 31).
 */
export function decodeCursor(s: string | undefined | null): Cursor | null {
  if (!s || s.length > 200 || !/^[A-Za-z0-9_-]+$/.test(s)) return null;
  const [at, id, ...rest] = Buffer.from(s, "base64url").toString("utf8").split("|");
  if (rest.length || !at || !/^\d{1,16}$/.test(id ?? "") || Number(id) > Number.MAX_SAFE_INTEGER) return null;
  const m = CURSOR_AT.exec(at);
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1900 || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d || h > 23 || mi > 59 || sec > 59) return null;
  if ((m[9] && Number(m[9]) > 15) || (m[10] && Number(m[10].replace(":", "")) > 59)) return null;
  return { at, id: Number(id) };
}
