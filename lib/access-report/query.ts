import { sql, type SQL } from "drizzle-orm";
import type { AuditEventView } from "../audit/event-view";
import type { Cursor } from "../audit/query";
import { queryRows, type Db } from "../db/client";
import {
  CHANGING_ACTIONS,
  deriveInterval,
  ENDING_ACTIONS,
  groupOperations,
  OPENING_ACTIONS,
  type IntervalFields,
  type OperationEvents,
} from "./derive";
import { reportRange, type AccessReportFilter } from "./schema";

// The access report's reads, in SQL bounded by the scope and the range, on the audit log's
// (target, at, id), (actor, at, id) and (action, at, id) indexes; no table of its own.
//
// An interval starts at an opening's success (login.open, login.break_glass, login.drift_found;
// an `unknown` one that the resolution pass found applied counts) and ends at the next successful
// close or opening on the same instance. Intervals are listed newest opening first, in keyset pages
// on the opening's (at, id), like the History. Those overlapping [from, to] are:
//   A. openings inside the range;
//   B. openings in the LOOKBACK before `from` that had not ended by `from` (a login with an expiry
//      opens or is extended at most 24 h before any instant it is open, else it was closed at expiry);
//   C. older openings still open at `from`: for one instance, its latest opening before the
//      lookback (one index probe); for other scopes, those on instances the console holds open now
//      (login_leases) or found open outside it (login_drift). Not found for other scopes: a login
//      with no expiry (or whose expiry failed, or opened outside the console) opened more than 24 h
//      before the range and closed after it, with no event in between (docs/architecture.md).

export const LOOKBACK_MS = 24 * 3_600_000;
export const REPORT_PAGE_MAX = 100;

export interface IntervalRow {
  fields: IntervalFields;
  operations: OperationEvents[];
  cursor: Cursor;
  /** Context from outside the audit log (not covered by its hashes): the key's owner, the key group's people. */
  keyOwner: { userId: string; email: string } | null;
  groupPeople: number | null;
}

export interface IntervalPage {
  rows: IntervalRow[];
  older: Cursor | null;
  range: { from: string; to: string };
}

interface Scope {
  clauses: (alias: string) => SQL[];
  /** The scope's clauses pick one short index range (an instance, a user): no branch per action. */
  narrow: boolean;
  /** Extra branches with their own clauses (a user's keys), deduplicated by id. */
  keyMatch: ((alias: string) => SQL) | null;
}

const list = (xs: readonly string[]) =>
  sql.join(
    xs.map((x) => sql`${x}`),
    sql`, `,
  );
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const key = (c: Cursor) => sql`(${c.at}::timestamptz, ${c.id}::bigint)`;

/** A successful completion, or an `unknown` one the resolution pass found applied. */
const succeeded = (a: string) =>
  sql.raw(`(${a}.outcome = 'success' OR (${a}.outcome = 'unknown' AND EXISTS (SELECT 1 FROM audit_events z
    WHERE z.operation_id = ${a}.operation_id AND z.phase = 'resolved' AND z.params->>'found' = 'applied')))`);

/** The next successful close or opening on the same instance after opening `o`. */
const endProbe = sql`LEFT JOIN LATERAL (SELECT x.id, x.operation_id, to_json(x.at)#>>'{}' AS at FROM audit_events x
    WHERE x.target_id = o.target_id AND x.phase = 'completed' AND x.action IN (${list(ENDING_ACTIONS)})
      AND x.at >= o.at AND (x.at > o.at OR x.id > o.id) AND ${succeeded("x")}
    ORDER BY x.at, x.id LIMIT 1) e ON true`;

async function personalKeysOf(db: Db, email: string): Promise<string[]> {
  const rows = await queryRows<{ key_name: string }>(db, sql`SELECT key_name FROM personal_keys WHERE lower(user_email) = ${email}`);
  return rows.map((r) => r.key_name);
}

async function scopeOf(db: Db, f: AccessReportFilter): Promise<Scope> {
  if (f.instance) return { clauses: (a) => [sql`${sql.raw(a)}.target_id = ${f.instance}`], narrow: true, keyMatch: null };
  if (f.prefix) {
    const p = `${likeEscape(f.prefix)}%`;
    return { clauses: (a) => [sql`${sql.raw(a)}.target_id LIKE ${p}`], narrow: false, keyMatch: null };
  }
  if (f.user) {
    const email = f.user.toLowerCase();
    const keys = await personalKeysOf(db, email);
    const arr = sql`ARRAY[${list(keys)}]::text[]`;
    return {
      clauses: (a) => [sql`${sql.raw(a)}.actor_email = ${email}`],
      narrow: true,
      keyMatch: keys.length
        ? (a) =>
            sql`(EXISTS (SELECT 1 FROM audit_events r WHERE r.operation_id = ${sql.raw(a)}.operation_id AND r.phase = 'requested'
                  AND r.params->>'keyName' = ANY(${arr}))
                OR (${sql.raw(a)}.action = 'login.drift_found' AND ${sql.raw(a)}.params->'keys' ?| ${arr}))`
        : null,
    };
  }
  return { clauses: () => [], narrow: false, keyMatch: null };
}

interface OpeningRow {
  id: string | number;
  operation_id: string;
  at: string;
  target_id: string;
  end_id: string | number | null;
  end_operation_id: string | null;
  end_at: string | null;
}

/**
 * Openings with `lo <= at` (`hi` inclusive or not) before the cursor, newest first, each with the
 * event that ended it; with `endedAfter`, only those not ended by then. One ordered index range per
 * opening action (and per scope branch), merged.
 */
async function openings(
  db: Db,
  scope: Scope,
  o: { lo: Date; hi: Date; hiInclusive: boolean; before: Cursor | null; limit: number; endedAfter: Date | null },
): Promise<OpeningRow[]> {
  const branches: SQL[] = [];
  const where = (action: string | null, extra: SQL[]) => {
    const w = [
      sql`o.phase = 'completed'`,
      action ? sql`o.action = ${action}` : sql`o.action IN (${list(OPENING_ACTIONS)})`,
      sql`o.at >= ${ts(o.lo)}`,
      o.hiInclusive ? sql`o.at <= ${ts(o.hi)}` : sql`o.at < ${ts(o.hi)}`,
      succeeded("o"),
      ...extra,
    ];
    if (o.before) w.push(sql`(o.at, o.id) < ${key(o.before)}`);
    if (o.endedAfter) w.push(sql`(e.id IS NULL OR e.at::timestamptz > ${ts(o.endedAfter)})`);
    return sql.join(w, sql` AND `);
  };
  const branch = (action: string | null, extra: SQL[]) =>
    sql`(SELECT o.id, o.operation_id, to_json(o.at)#>>'{}' AS at, o.at AS at_ts, o.target_id,
           e.id AS end_id, e.operation_id AS end_operation_id, e.at AS end_at
         FROM audit_events o ${endProbe}
         WHERE ${where(action, extra)}
         ORDER BY o.at DESC, o.id DESC LIMIT ${o.limit})`;
  if (scope.narrow) {
    // An instance's or a user's own index range holds few events: one branch, the actions filtered.
    branches.push(branch(null, scope.clauses("o")));
  } else for (const action of OPENING_ACTIONS) branches.push(branch(action, scope.clauses("o")));
  if (scope.keyMatch) for (const action of OPENING_ACTIONS) branches.push(branch(action, [scope.keyMatch("o")]));
  return queryRows<OpeningRow>(
    db,
    sql`SELECT DISTINCT id, operation_id, at, at_ts, target_id, end_id, end_operation_id, end_at FROM (${sql.join(branches, sql` UNION ALL `)}) u
        ORDER BY at_ts DESC, id DESC LIMIT ${o.limit}`,
  );
}

/** Instances whose login may have been open since before the lookback: held or found open now. */
async function longLivedTargets(db: Db, f: AccessReportFilter, before: Date): Promise<string[]> {
  if (f.instance) return [f.instance];
  const w: SQL[] = [];
  const d: SQL[] = [];
  if (f.prefix) {
    const p = `${likeEscape(f.prefix)}%`;
    w.push(sql`instance_id LIKE ${p}`);
    d.push(sql`instance_id LIKE ${p}`);
  }
  if (f.user) {
    const keys = await personalKeysOf(db, f.user.toLowerCase());
    w.push(
      keys.length
        ? sql`(lower(opened_by_email) = ${f.user.toLowerCase()} OR key_name IN (${list(keys)}))`
        : sql`lower(opened_by_email) = ${f.user.toLowerCase()}`,
    );
    d.push(keys.length ? sql`keys ?| ARRAY[${list(keys)}]::text[]` : sql`false`);
  }
  const and = (xs: SQL[]) => (xs.length ? sql` AND ${sql.join(xs, sql` AND `)}` : sql``);
  const rows = await queryRows<{ instance_id: string }>(
    db,
    sql`SELECT instance_id FROM login_leases WHERE opened_at < ${ts(before)}${and(w)}
        UNION SELECT instance_id FROM login_drift WHERE found_at < ${ts(before)}${and(d)}`,
  );
  return rows.map((r) => r.instance_id);
}

/** Per instance, its latest opening before `before`, kept when it had not ended by `endedAfter`. */
async function latestOpenings(db: Db, targets: string[], before: Date, endedAfter: Date): Promise<OpeningRow[]> {
  if (!targets.length) return [];
  return queryRows<OpeningRow>(
    db,
    sql`SELECT o.id, o.operation_id, to_json(o.at)#>>'{}' AS at, o.target_id, e.id AS end_id, e.operation_id AS end_operation_id, e.at AS end_at
        FROM unnest(ARRAY[${list(targets)}]::text[]) AS t(target_id)
        JOIN LATERAL (SELECT * FROM audit_events o WHERE o.target_id = t.target_id AND o.phase = 'completed'
            AND o.action IN (${list(OPENING_ACTIONS)}) AND o.at < ${ts(before)} AND ${succeeded("o")}
            ORDER BY o.at DESC, o.id DESC LIMIT 1) o ON true
        ${endProbe}
        WHERE e.id IS NULL OR e.at::timestamptz > ${ts(endedAfter)}
        ORDER BY o.at DESC, o.id DESC`,
  );
}

const cursorLess = (a: Cursor, b: Cursor) => {
  const ta = new Date(a.at).getTime();
  const tb = new Date(b.at).getTime();
  return ta !== tb ? ta < tb : a.id < b.id;
};

function parseEvent(v: unknown): AuditEventView {
  const e = (typeof v === "string" ? JSON.parse(v) : v) as AuditEventView;
  return { ...e, id: Number(e.id) };
}

/** Every event of each interval: its opening, the extends and adoptions inside it, its ending. */
async function intervalEvents(db: Db, rows: OpeningRow[]): Promise<AuditEventView[][]> {
  if (!rows.length) return [];
  const spec = rows.map((r, k) => ({ k, t: r.target_id, a: r.at, b: r.end_at, op: r.operation_id, eop: r.end_operation_id }));
  const found = await queryRows<{ k: number; e: unknown }>(
    db,
    sql`SELECT p.k, row_to_json(ev) AS e
        FROM jsonb_to_recordset(${JSON.stringify(spec)}::jsonb) AS p(k int, t text, a timestamptz, b timestamptz, op uuid, eop uuid)
        JOIN LATERAL (
          SELECT * FROM audit_events x WHERE x.operation_id = p.op
          UNION ALL SELECT * FROM audit_events x WHERE p.eop IS NOT NULL AND x.operation_id = p.eop
          UNION ALL SELECT * FROM audit_events x WHERE x.target_id = p.t AND x.phase = 'completed'
            AND x.action IN (${list(CHANGING_ACTIONS)}) AND x.outcome = 'success' AND x.at >= p.a AND (p.b IS NULL OR x.at <= p.b)
        ) ev ON true
        ORDER BY p.k`,
  );
  const out: AuditEventView[][] = rows.map(() => []);
  for (const r of found) out[Number(r.k)].push(parseEvent(r.e));
  return out;
}

/** Operations of one interval in order: opening, extends and adoptions (by time), ending. */
function orderedOperations(row: OpeningRow, events: AuditEventView[]): OperationEvents[] {
  const ops = groupOperations([...events].sort((a, b) => a.id - b.id));
  const first = ops.filter((op) => (op.requested ?? op.completed)!.operation_id === row.operation_id);
  const last = ops.filter((op) => row.end_operation_id && (op.requested ?? op.completed)!.operation_id === row.end_operation_id);
  const middle = ops
    .filter((op) => !first.includes(op) && !last.includes(op))
    .sort((a, b) => (a.completed ?? a.requested)!.id - (b.completed ?? b.requested)!.id);
  return [...first, ...middle, ...last];
}

/** The owners of personal keys (lib/personal-keys' table), by key name. */
async function keyOwners(db: Db, names: string[]): Promise<Map<string, { userId: string; email: string }>> {
  if (!names.length) return new Map();
  const rows = await queryRows<{ key_name: string; user_id: string; user_email: string }>(
    db,
    sql`SELECT key_name, user_id::text AS user_id, user_email FROM personal_keys WHERE key_name IN (${list(names)})`,
  );
  return new Map(rows.map((r) => [r.key_name, { userId: r.user_id, email: r.user_email }]));
}

/**
 * "Shared key group: N people", approximated: the distinct people who opened a login with that
 * key group in the lookback and the range (the console knows no key group's members).
 */
async function groupPeople(db: Db, groups: string[], from: Date, to: Date): Promise<Map<string, number>> {
  if (!groups.length) return new Map();
  const rows = await queryRows<{ g: string; n: number | string }>(
    db,
    sql`SELECT r.params->>'keyGroup' AS g, count(DISTINCT r.actor_email) AS n FROM audit_events r
        WHERE r.action = 'login.open' AND r.phase = 'requested' AND r.at >= ${ts(new Date(from.getTime() - LOOKBACK_MS))} AND r.at <= ${ts(to)}
          AND r.params->>'keyGroup' IN (${list(groups)})
        GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.g, Number(r.n)]));
}

export interface ReportOptions {
  limit?: number;
  before?: Cursor | null;
  now?: Date;
}

/** One page of the access report: the intervals overlapping the range, newest opening first. */
export async function listIntervals(db: Db, f: AccessReportFilter, opts: ReportOptions = {}): Promise<IntervalPage> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), REPORT_PAGE_MAX);
  const { from, to } = reportRange(f, opts.now ?? new Date());
  const lookFrom = new Date(from.getTime() - LOOKBACK_MS);
  const scope = await scopeOf(db, f);
  const before = opts.before ?? null;
  const want = limit + 1;
  let rows = await openings(db, scope, { lo: from, hi: to, hiInclusive: true, before, limit: want, endedAfter: null });
  if (rows.length < want)
    rows = rows.concat(
      await openings(db, scope, { lo: lookFrom, hi: from, hiInclusive: false, before, limit: want - rows.length, endedAfter: from }),
    );
  if (rows.length < want) {
    const seen = new Set(rows.map((r) => Number(r.id)));
    const old = (await latestOpenings(db, await longLivedTargets(db, f, lookFrom), lookFrom, from)).filter(
      (r) => !seen.has(Number(r.id)) && (!before || cursorLess({ at: r.at, id: Number(r.id) }, before)),
    );
    rows = rows.concat(old.slice(0, want - rows.length));
  }
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const events = await intervalEvents(db, page);
  const built = page.map((r, i) => {
    const operations = orderedOperations(r, events[i]);
    return { fields: deriveInterval(operations), operations, cursor: { at: r.at, id: Number(r.id) } };
  });
  const owners = await keyOwners(db, [...new Set(built.map((b) => b.fields.keyName).filter((k): k is string => !!k))]);
  const groups = await groupPeople(db, [...new Set(built.map((b) => b.fields.keyGroup).filter((k): k is string => !!k))], from, to);
  return {
    rows: built.map((b) => ({
      ...b,
      keyOwner: b.fields.keyName ? (owners.get(b.fields.keyName) ?? null) : null,
      groupPeople: b.fields.keyGroup ? (groups.get(b.fields.keyGroup) ?? null) : null,
    })),
    older: more ? built.at(-1)!.cursor : null,
    range: { from: from.toISOString(), to: to.toISOString() },
  };
}
