import { and, eq, sql } from "drizzle-orm";
import { isSingleConnection, queryRows, type Db } from "../db/client";
import { auditEvents, type AuditEventRow, type Outcome, type Phase } from "../db/schema";
import type { AuditAction } from "./vocabulary";
import { eventHash, GENESIS_HASH, type HashedFields } from "./hash";
import { auditText, boundedJson } from "./sanitize";
import { timeAuditAppend } from "../metrics/record";

// Every append takes this transaction-scoped lock, so the chain stays linear across processes.
const AUDIT_LOCK = 7_310_002;

export interface Actor {
  id: string | null;
  email: string | null;
  role: string | null;
}

export interface NewEvent {
  operationId: string;
  actor?: Actor | null;
  /** A registered name (lib/audit/vocabulary.ts): a typo fails the type check. */
  action: AuditAction;
  target?: { type: string; id: string } | null;
  params?: unknown;
  phase: Phase;
  outcome?: Outcome | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  ensRequestId?: string | null;
  durationMs?: number | null;
  sourceIp?: string | null;
  userAgent?: string | null;
  bulkId?: string | null;
  /** On a `completed` event: what the operation produced beyond its outcome. */
  result?: unknown;
}

/**
 * An event whose name is typed `string`, not a literal: a completion copying its operation's name
 * back from the log (`completionOf`; the name was registered when the operation began), or one built
 * from an `ActionSpec` whose `name` is still `string` (lib/actions/safe-action.ts; TODO: once it is
 * typed `AuditAction`, accept `NewEvent` only).
 */
export type RecordedEvent = Omit<NewEvent, "action"> & { action: string };

/** What the append functions take: a literal name must be registered; a `string` one passes (see RecordedEvent). */
export type EventInput<A extends string> = RecordedEvent & { action: A & (string extends A ? string : AuditAction) };

export interface InFlightGuard {
  targetId: string;
  /** Actions that conflict with each other on the same target. */
  actions: string[];
  /** A `requested` older than this no longer counts as in flight. */
  windowMs: number;
}

export type BeginResult = { ok: true; event: AuditEventRow } | { ok: false; inFlightBy: string | null; operationId: string };

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const nextMeta = sql`nextval(pg_get_serial_sequence('audit_events', 'id')) AS id, date_trunc('milliseconds', clock_timestamp()) AS at`;

function inFlight(guard: InFlightGuard) {
  return sql`
    SELECT r.actor_email, r.operation_id FROM audit_events r
    WHERE r.target_id = ${guard.targetId} AND r.phase = 'requested' AND r.at > clock_timestamp() - make_interval(secs => ${guard.windowMs / 1000})
      AND r.action IN (${sql.join(
        guard.actions.map((a) => sql`${a}`),
        sql`, `,
      )})
      AND NOT EXISTS (SELECT 1 FROM audit_events c WHERE c.operation_id = r.operation_id AND c.phase = 'completed')
    ORDER BY r.id DESC LIMIT 1`;
}

/** Who holds a change to the guard's target in flight now (the guard's own test, outside any append), or null. */
export async function changeInFlight(db: Db, guard: InFlightGuard): Promise<string | null> {
  const [row] = await queryRows<{ actor_email: string | null; operation_id: string }>(db, inFlight(guard));
  return row ? (row.actor_email ?? "another user") : null;
}

/**
 * The event exactly as the database will store and return it: every text well-formed and bounded,
 * params and result sanitized and capped in one place. The hash covers this, so it verifies later.
 */
function storedFields(e: RecordedEvent, id: number, at: Date): HashedFields {
  const duration =
    typeof e.durationMs === "number" && Number.isFinite(e.durationMs) ? Math.max(0, Math.min(2 ** 31 - 1, Math.round(e.durationMs))) : null;
  return {
    id,
    at,
    operationId: e.operationId,
    actorId: auditText(e.actor?.id, 64),
    actorEmail: auditText(e.actor?.email, 320),
    actorRole: auditText(e.actor?.role, 32),
    action: auditText(e.action, 64) ?? "",
    targetType: auditText(e.target?.type, 32),
    targetId: auditText(e.target?.id, 256),
    params: e.params === undefined ? null : boundedJson(e.params),
    phase: e.phase,
    outcome: e.outcome ?? null,
    errorCode: auditText(e.errorCode || null, 128),
    errorMessage: auditText(e.errorMessage || null, 2000),
    ensRequestId: auditText(e.ensRequestId || null, 128),
    durationMs: duration,
    sourceIp: auditText(e.sourceIp || null, 64),
    userAgent: auditText(e.userAgent || null, 512),
    bulkId: auditText(e.bulkId || null, 128),
    result: e.result === undefined || e.result === null ? null : boundedJson(e.result),
  };
}

type Head = { prev: string | null; id: string | number; at: Date | string; actor_email: string | null; operation_id: string | null };

/**
 * Appends events to the chain; the caller holds the append lock (on PGlite, the one connection
 * serializes transactions instead). The chain head, the first id and time, and the in-flight check
 * come back in one statement (each statement is a round trip, and this sits on every action's
 * critical path). A refused guard leaves a gap in the ids, which the chain does not care about (it
 * links hashes, not ids).
 */
async function insertLocked(
  tx: Tx,
  events: RecordedEvent[],
  guard?: InFlightGuard,
): Promise<{ rows: AuditEventRow[] } | { conflict: Head }> {
  const [head] = await queryRows<Head>(
    tx,
    sql`
    SELECT (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1) AS prev, ${nextMeta},
      g.actor_email, g.operation_id
    FROM (SELECT 1) AS one LEFT JOIN LATERAL (${guard ? inFlight(guard) : sql`SELECT NULL::text AS actor_email, NULL::uuid AS operation_id WHERE false`}) AS g ON true`,
  );
  if (head.operation_id) return { conflict: head };
  let prev = head.prev ?? GENESIS_HASH;
  const out: AuditEventRow[] = [];
  for (const [i, e] of events.entries()) {
    const [meta] = i === 0 ? [head] : await queryRows<{ id: string | number; at: Date | string }>(tx, sql`SELECT ${nextMeta}`);
    const fields = storedFields(e, Number(meta.id), new Date(meta.at));
    const hash = eventHash(prev, fields);
    const row = { ...fields, outcome: fields.outcome as Outcome | null, phase: fields.phase as Phase, prevHash: prev, hash };
    await tx.insert(auditEvents).values(row);
    out.push(row);
    prev = hash;
  }
  return { rows: out };
}

// On PGlite the append lock would cost a statement on every action and guard nothing: its
// transactions are already serialized (isSingleConnection).
const lock = async (db: Db, tx: Tx) => {
  if (!isSingleConnection(db)) await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
};

async function appendLocked(tx: Tx, events: RecordedEvent[]): Promise<AuditEventRow[]> {
  const res = await insertLocked(tx, events);
  if (!("rows" in res)) throw new Error("unreachable: no guard");
  return res.rows;
}

export async function appendEvents<A extends string>(db: Db, events: EventInput<A>[]): Promise<AuditEventRow[]> {
  if (!events.length) return [];
  return timeAuditAppend(() =>
    db.transaction(async (tx) => {
      await lock(db, tx);
      return appendLocked(tx, events);
    }),
  );
}

/**
 * Runs `fn` in one transaction with the append lock held, so a change and its audit events commit
 * together or not at all (user and role changes: the log never says "failed" for a change that
 * happened, nor misses one that did).
 */
export type AuditWriter = <A extends string>(...events: EventInput<A>[]) => Promise<AuditEventRow[]>;

export async function withAudit<T>(db: Db, fn: (tx: Tx, audit: AuditWriter) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await lock(db, tx);
    return fn(tx, (...events) => appendLocked(tx, events));
  });
}

export type AuditTx = Tx;

export async function appendEvent<A extends string>(db: Db, event: EventInput<A>): Promise<AuditEventRow> {
  return (await appendEvents(db, [event]))[0];
}

/**
 * Writes the `requested` event of an operation, unless another operation on the same target is
 * still in flight. The check runs under the append lock, so two replicas cannot both pass it.
 */
export async function beginOperation<A extends string>(db: Db, event: EventInput<A>, guard?: InFlightGuard): Promise<BeginResult> {
  return timeAuditAppend(() =>
    db.transaction(async (tx): Promise<BeginResult> => {
      await lock(db, tx);
      const res = await insertLocked(tx, [event], guard);
      if ("conflict" in res) return { ok: false, inFlightBy: res.conflict.actor_email, operationId: res.conflict.operation_id! };
      return { ok: true, event: res.rows[0] };
    }),
  );
}

/** The operation's `completed` event, copying actor and target from its `requested` event. */
export function completionOf(requested: AuditEventRow, fields: Partial<NewEvent> & { outcome: Outcome }): RecordedEvent {
  return {
    operationId: requested.operationId,
    actor: { id: requested.actorId, email: requested.actorEmail, role: requested.actorRole },
    action: requested.action,
    target: requested.targetType && requested.targetId ? { type: requested.targetType, id: requested.targetId } : null,
    params: null,
    sourceIp: requested.sourceIp,
    userAgent: requested.userAgent,
    bulkId: requested.bulkId,
    ...fields,
    phase: "completed",
  };
}

/**
 * Closes every operation whose `requested` event is older than `olderThanMs` and has no
 * `completed`: the console died or lost the answer, so the outcome is `unknown`.
 */
export async function reconcileInFlight(db: Db, olderThanMs: number): Promise<number> {
  // Select and close under the append lock: replicas starting together (or a completion racing
  // the reconcile) would otherwise both close the same operation, and the second insert fails on
  // the one-completed-per-operation constraint, aborting the console's start-up.
  return db.transaction(async (tx) => {
    await lock(db, tx);
    const open = await tx
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.phase, "requested"),
          // The database's clock, like the events' own times: replicas' clocks may disagree.
          sql`${auditEvents.at} < clock_timestamp() - make_interval(secs => ${olderThanMs / 1000})`,
          sql`NOT EXISTS (SELECT 1 FROM audit_events c WHERE c.operation_id = ${auditEvents.operationId} AND c.phase = 'completed')`,
        ),
      )
      .orderBy(auditEvents.id);
    if (!open.length) return 0;
    await appendLocked(
      tx,
      open.map((r) =>
        completionOf(r, {
          outcome: "unknown",
          errorCode: "Console.OutcomeUnknown",
          errorMessage: "The console stopped before ENS answered; check the target's current state.",
        }),
      ),
    );
    return open.length;
  });
}
