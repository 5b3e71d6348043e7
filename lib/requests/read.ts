import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { ActiveUser } from "../auth/session";
import { can } from "../auth/permissions";
import { getDb, queryRows, type Db } from "../db/client";
import { approverRoles, type StoredDetails } from "./details";
import { readPolicy } from "../policy/policy";
import type { AccessPolicy, RequestListFilter, RequestState } from "./schema";
import type { BreakGlassView, DecisionView, LoginAsk, ScheduleAsk, RequestCounts, RequestListView, RequestView, ShareAsk } from "./view";

// Reads of requests for the pages and /api/requests/counts. Who sees what: everyone their own;
// operators and admins (who may decide) and auditors every request; a viewer only their own.

const PAGE = 50;
const IDS_SHOWN = 50;

interface Row {
  id: string;
  kind: "login" | "share" | "schedule";
  state: RequestState;
  requester_id: string;
  requester_email: string;
  reason: string;
  details: StoredDetails;
  approvals_needed: number;
  approvers: "operators" | "admins";
  created_at: Date | string;
  expires_at: Date | string;
  decided_at: Date | string | null;
  ended_at: Date | string | null;
  job_id: string | null;
  failure: string | null;
  audit_operation_id: string;
}

const iso = (v: Date | string) => new Date(v).toISOString();
const isoOrNull = (v: Date | string | null) => (v === null ? null : iso(v));

const seesAll = (user: ActiveUser) => can(user.role, "access.approve") || user.role === "auditor";

/** A pending request this user may approve: not their own, their role approves it, not decided by them yet. */
const mayDecide = (user: ActiveUser) =>
  sql`r.state = 'pending' AND r.requester_id <> ${user.id}::uuid
    AND (r.approvers = 'operators' AND ${user.role} IN ('operator', 'admin') OR r.approvers = 'admins' AND ${user.role} = 'admin')
    AND NOT EXISTS (SELECT 1 FROM access_request_decisions d WHERE d.request_id = r.id AND d.actor_id = ${user.id}::uuid)`;

function askOf(d: StoredDetails): LoginAsk | ShareAsk | ScheduleAsk {
  if (d.kind === "share") return { kind: "share", imageId: d.imageId, users: d.users };
  if (d.kind === "schedule") return { ...d };
  return {
    kind: "login",
    selection: d.described,
    instanceIds: "ids" in d.selection ? d.selection.ids.slice(0, IDS_SHOWN) : [],
    count: d.count,
    keyName: d.keyName,
    keyGroup: d.keyGroup,
    durationMinutes: d.durationMinutes,
  };
}

async function decisionsOf(db: Db, ids: string[]): Promise<Map<string, (DecisionView & { actorId: string })[]>> {
  const out = new Map<string, (DecisionView & { actorId: string })[]>();
  if (!ids.length) return out;
  const rows = await queryRows<{
    request_id: string;
    actor_id: string;
    actor_email: string;
    decision: "approve" | "deny";
    comment: string | null;
    at: Date | string;
  }>(
    db,
    sql`SELECT request_id, actor_id, actor_email, decision, comment, at FROM access_request_decisions
      WHERE request_id IN (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) ORDER BY at`,
  );
  for (const r of rows) {
    const list = out.get(r.request_id) ?? [];
    list.push({ actorId: r.actor_id, actorEmail: r.actor_email, decision: r.decision, comment: r.comment, at: iso(r.at) });
    out.set(r.request_id, list);
  }
  return out;
}

function toView(r: Row, decisions: (DecisionView & { actorId: string })[], user: ActiveUser, mayStillApprove: string[]): RequestView {
  const pending = r.state === "pending";
  const decidedByMe = decisions.some((d) => d.actorId === user.id);
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    requesterEmail: r.requester_email,
    reason: r.reason,
    ask: askOf(r.details),
    createdAt: iso(r.created_at),
    expiresAt: iso(r.expires_at),
    decidedAt: isoOrNull(r.decided_at),
    endedAt: isoOrNull(r.ended_at),
    approvalsNeeded: Number(r.approvals_needed),
    approvals: decisions.filter((d) => d.decision === "approve").length,
    approvers: r.approvers,
    decisions: decisions.map(({ actorEmail, decision, comment, at }) => ({ actorEmail, decision, comment, at })),
    mayStillApprove,
    operationId: r.job_id,
    failure: r.failure,
    auditOperationId: r.audit_operation_id,
    canApprove: pending && r.requester_id !== user.id && !decidedByMe && approverRoles(r.approvers).includes(user.role),
    canCancel: pending && r.requester_id === user.id,
  };
}

const COLUMNS = sql`r.id, r.kind, r.state, r.requester_id, r.requester_email, r.reason, r.details, r.approvals_needed, r.approvers,
  r.created_at, r.expires_at, r.decided_at, r.ended_at, r.job_id, r.failure, r.audit_operation_id`;

/** One page of a /requests tab, newest first. */
export async function listRequests(db: Db, user: ActiveUser, filter: RequestListFilter): Promise<RequestListView> {
  const where: SQL[] = [];
  if (filter.tab === "approve") where.push(mayDecide(user));
  else if (filter.tab === "all" && (user.role === "auditor" || user.role === "admin")) where.push(sql`true`);
  else where.push(sql`r.requester_id = ${user.id}::uuid`);
  if (filter.state) where.push(sql`r.state = ${filter.state}`);
  if (filter.kind) where.push(sql`r.kind = ${filter.kind}`);
  const before = filter.before && !Number.isNaN(Date.parse(filter.before)) ? new Date(filter.before).toISOString() : null;
  if (before) where.push(sql`r.created_at < ${before}::timestamptz`);
  const rows = await queryRows<Row>(
    db,
    sql`SELECT ${COLUMNS} FROM access_requests r WHERE ${sql.join(where, sql` AND `)} ORDER BY r.created_at DESC, r.id DESC LIMIT ${PAGE + 1}`,
  );
  const page = rows.slice(0, PAGE);
  const decisions = await decisionsOf(
    db,
    page.map((r) => r.id),
  );
  return {
    rows: page.map((r) => toView(r, decisions.get(r.id) ?? [], user, [])),
    nextBefore: rows.length > PAGE ? iso(page[page.length - 1].created_at) : null,
  };
}

/** One request, with who may still approve it; null when there is none or the user may not see it. */
export async function getRequest(db: Db, user: ActiveUser, id: string): Promise<RequestView | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [r] = await queryRows<Row>(db, sql`SELECT ${COLUMNS} FROM access_requests r WHERE r.id = ${id}::uuid`);
  if (!r || (r.requester_id !== user.id && !seesAll(user))) return null;
  const decisions = (await decisionsOf(db, [id])).get(id) ?? [];
  let mayStillApprove: string[] = [];
  if (r.state === "pending") {
    const decided = decisions.map((d) => d.actorId);
    const rows = await queryRows<{ email: string; id: string }>(
      db,
      sql`SELECT id, email FROM users WHERE NOT disabled AND role IN (${sql.join(
        approverRoles(r.approvers).map((x) => sql`${x}`),
        sql`, `,
      )}) AND id <> ${r.requester_id}::uuid ORDER BY email LIMIT 100`,
    );
    mayStillApprove = rows.filter((u) => !decided.includes(u.id)).map((u) => u.email);
  }
  return toView(r, decisions, user, mayStillApprove);
}

/** What the navigation counts: requests waiting on this user, and (admins) break-glass opens to review. */
export async function requestCounts(db: Db, user: ActiveUser): Promise<RequestCounts> {
  if (!can(user.role, "access.approve")) return { toApprove: 0, toReview: 0 };
  const [a] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM access_requests r WHERE ${mayDecide(user)}`);
  let toReview = 0;
  if (can(user.role, "access.review")) {
    const [b] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM break_glass_opens WHERE reviewed_at IS NULL`);
    toReview = Number(b?.n ?? 0);
  }
  return { toApprove: Number(a?.n ?? 0), toReview };
}

/** Break-glass opens, newest first: those awaiting review, or all of them. */
export async function listBreakGlass(db: Db, opts: { unreviewedOnly: boolean }): Promise<BreakGlassView[]> {
  const rows = await queryRows<{
    audit_operation_id: string;
    instance_id: string;
    actor_email: string;
    reason: string;
    opened_at: Date | string;
    reviewed_at: Date | string | null;
    reviewed_by: string | null;
    review_comment: string | null;
  }>(
    db,
    sql`SELECT audit_operation_id, instance_id, actor_email, reason, opened_at, reviewed_at, reviewed_by, review_comment FROM break_glass_opens
      ${opts.unreviewedOnly ? sql`WHERE reviewed_at IS NULL` : sql``} ORDER BY opened_at DESC LIMIT 200`,
  );
  return rows.map((r) => ({
    operationId: r.audit_operation_id,
    instanceId: r.instance_id,
    actorEmail: r.actor_email,
    reason: r.reason,
    openedAt: iso(r.opened_at),
    reviewedAt: isoOrNull(r.reviewed_at),
    reviewedBy: r.reviewed_by,
    reviewComment: r.review_comment,
  }));
}

// What pages and read routes call: the deployment's database.

export async function readAccessPolicy(): Promise<AccessPolicy> {
  return readPolicy(await getDb());
}

export async function readRequestCounts(user: ActiveUser): Promise<RequestCounts> {
  return requestCounts(await getDb(), user);
}

export async function readRequests(user: ActiveUser, filter: RequestListFilter): Promise<RequestListView> {
  return listRequests(await getDb(), user, filter);
}

export async function readRequest(user: ActiveUser, id: string): Promise<RequestView | null> {
  return getRequest(await getDb(), user, id);
}

export async function readBreakGlass(opts: { unreviewedOnly: boolean }): Promise<BreakGlassView[]> {
  return listBreakGlass(await getDb(), opts);
}
