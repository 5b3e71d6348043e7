import type { AuditEventView } from "../audit/event-view";

// One interval of access, derived from the audit events it is made of: the derivation the report's
// rows, its exports and the offline check of a JSON Lines export share (an export's interval line
// must be exactly what this derives from the events it carries). Pure: no database, no Next.

/** The events of one audited operation, as an export line carries them. */
export interface OperationEvents {
  requested: AuditEventView | null;
  completed: AuditEventView | null;
  resolved: AuditEventView | null;
}

/** Audit actions that open a login on an instance: an interval starts at their success. */
export const OPENING_ACTIONS = ["login.open", "login.break_glass", "login.drift_found"] as const;
/** Audit actions that end an open interval (a new opening replaces the one before). */
export const ENDING_ACTIONS = ["login.close", ...OPENING_ACTIONS] as const;
/** Audit actions inside an interval: a new expiry, or a login opened outside the console adopted. */
export const CHANGING_ACTIONS = ["login.extend", "login.adopt"] as const;

export const EXPIRY_ACTOR = "system:expiry";
export const OFFBOARDING_ACTOR = "system:offboarding";
export const DRIFT_ACTOR = "system:drift";

/** How an interval ended: not yet, closed by someone, at its expiry, by offboarding, or replaced by a new open. */
export type Ending = "open" | "closed" | "expiry" | "offboarding" | "replaced";
/** Where the access came from: a console open (maybe a request's), a break-glass open, or outside the console (drift). */
export type Origin = "console" | "request" | "break_glass" | "outside";

export interface ExtendView {
  at: string;
  by: string | null;
  previousExpiresAt: string | null;
  expiresAt: string | null;
}

/** One interval in which someone could log in to one instance. Every field comes from the events. */
export interface IntervalFields {
  instanceId: string;
  /** When the login opened (its open's completion) or was found open (drift). ISO, UTC. */
  from: string;
  /** When it closed; null while it is still open. */
  to: string | null;
  origin: Origin;
  keyName: string | null;
  keyGroup: string | null;
  /** The keys ENS showed, for a login found open outside the console. */
  keys: string[] | null;
  /** Who opened it (for a request: the requester; outside the console: system:drift). */
  openedBy: string | null;
  reason: string | null;
  requestId: string | null;
  approvedBy: string[] | null;
  /** The expiry at the end (after extends and adoption); null: none. */
  expiresAt: string | null;
  extends: ExtendView[];
  adoptedBy: string | null;
  adoptedAt: string | null;
  ending: Ending;
  /** Who closed it (a user, system:expiry, system:offboarding), or who opened the login that replaced it. */
  endedBy: string | null;
  openOperationId: string;
  endOperationId: string | null;
  bulkId: string | null;
}

const iso = (v: string | null | undefined) => (v ? new Date(v).toISOString() : null);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : null);
const anchorOf = (op: OperationEvents) => (op.requested ?? op.completed)!;
const paramsOf = (op: OperationEvents) => obj(op.requested?.params ?? op.completed?.params);
const timeOf = (v: unknown) => {
  const s = str(v);
  return s && !Number.isNaN(new Date(s).getTime()) ? new Date(s).toISOString() : null;
};

/**
 * The interval an opening operation, the extends and adoptions after it, and the operation that
 * ended it (if any) make. `ops` in that order: the opening first, the ending last.
 */
export function deriveInterval(ops: OperationEvents[]): IntervalFields {
  const [opening, ...rest] = ops;
  const openEvent = opening.completed ?? anchorOf(opening);
  const last = rest.at(-1);
  const ending = last && (ENDING_ACTIONS as readonly string[]).includes(anchorOf(last).action) ? last : null;
  const middles = ending ? rest.slice(0, -1) : rest;
  const p = paramsOf(opening);
  const action = openEvent.action;
  const outside = action === "login.drift_found";
  let expiresAt = outside ? null : timeOf(p.expiresAt);
  let reason = outside ? null : str(p.reason);
  let adoptedBy: string | null = null;
  let adoptedAt: string | null = null;
  const extendsList: ExtendView[] = [];
  for (const m of middles) {
    const e = m.completed ?? anchorOf(m);
    const r = obj(e.result);
    if (e.action === "login.extend") {
      extendsList.push({
        at: iso(e.at)!,
        by: e.actor_email,
        previousExpiresAt: timeOf(r.previousExpiresAt),
        expiresAt: timeOf(r.expiresAt),
      });
      expiresAt = timeOf(r.expiresAt);
    } else if (e.action === "login.adopt") {
      adoptedBy = e.actor_email;
      adoptedAt = iso(e.at);
      reason = str(obj(m.requested?.params ?? e.params).reason) ?? reason;
      expiresAt = timeOf(r.expiresAt);
    }
  }
  let endKind: Ending = "open";
  let endedBy: string | null = null;
  if (ending) {
    const e = ending.completed ?? anchorOf(ending);
    endedBy = anchorOf(ending).actor_email;
    if (e.action !== "login.close") endKind = "replaced";
    else if (endedBy === EXPIRY_ACTOR) endKind = "expiry";
    else if (endedBy === OFFBOARDING_ACTOR) endKind = "offboarding";
    else endKind = "closed";
  }
  const requestId = str(p.requestId);
  return {
    instanceId: openEvent.target_id ?? "",
    from: iso(openEvent.at)!,
    to: ending ? iso((ending.completed ?? anchorOf(ending)).at) : null,
    origin: outside ? "outside" : action === "login.break_glass" ? "break_glass" : requestId ? "request" : "console",
    keyName: str(p.keyName),
    keyGroup: str(p.keyGroup),
    keys: outside ? strs(p.keys) : null,
    openedBy: anchorOf(opening).actor_email,
    reason,
    requestId,
    approvedBy: strs(p.approvedBy),
    expiresAt,
    extends: extendsList,
    adoptedBy,
    adoptedAt,
    ending: endKind,
    endedBy,
    openOperationId: anchorOf(opening).operation_id,
    endOperationId: ending ? anchorOf(ending).operation_id : null,
    bulkId: anchorOf(opening).bulk_id,
  };
}

/** Groups events (in id order) into their operations, in the order each operation first appears. */
export function groupOperations(events: AuditEventView[]): OperationEvents[] {
  const byOp = new Map<string, OperationEvents>();
  for (const e of events) {
    let op = byOp.get(e.operation_id);
    if (!op) byOp.set(e.operation_id, (op = { requested: null, completed: null, resolved: null }));
    op[e.phase] = e;
  }
  return [...byOp.values()];
}

/** The JSON Lines kind of an interval line (lib/audit/verify-export.ts checks it with `deriveInterval`). */
export const INTERVAL_LINE_KIND = "access_interval";

/** What the offline check derives from an interval line's operations, to compare with the line. */
export function intervalLineFields(ops: OperationEvents[]): Record<string, unknown> {
  return { ...deriveInterval(ops) };
}
