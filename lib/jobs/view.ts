import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { auditActionLabel } from "../audit/vocabulary";
import { queryRows, type Db } from "../db/client";
import type { JobRow } from "../db/schema";
import { decodeJobCursor, encodeJobCursor } from "./cursor";
import { countItems } from "./items";
import type { JobListFilter } from "./schema";
import {
  ITEM_STATES,
  type ItemCounts,
  type ItemState,
  type JobDetailView,
  type JobListKind,
  type JobItemView,
  type JobListView,
  type JobState,
  type JobSummaryView,
} from "./types";

export const LIST_PAGE = 50;
export const ITEMS_LIMIT = 500;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function stateOf(op: JobRow, counts: ItemCounts): JobState {
  if (!op.finishedAt) return op.startedAt ? "running" : "queued";
  return op.cancelRequestedAt && counts.cancelled > 0 ? "cancelled" : "finished";
}

export function statusText(state: JobState, total: number, counts: ItemCounts): string {
  const done = counts.ok + counts.failed + counts.unknown + counts.cancelled;
  if (state === "queued" || state === "running") return `${done} of ${total} done`;
  let s = `${counts.ok} ok, ${counts.failed} failed`;
  if (counts.unknown) s += `, ${counts.unknown} unknown`;
  if (counts.cancelled) s += `, ${counts.cancelled} cancelled`;
  return s;
}

/** The job's kind as shown: an offboarding is stored as a `login.close` job naming the user (lib/offboarding). */
export function kindOf(op: Pick<JobRow, "kind" | "params">): JobListKind {
  return op.kind === "login.close" && (op.params as { offboarding?: unknown } | null)?.offboarding ? "user.offboard" : op.kind;
}

export function toSummary(op: JobRow, counts: ItemCounts): JobSummaryView {
  const state = stateOf(op, counts);
  const p = op.params as { keyName?: string | null; keyGroup?: string | null; scheduleId?: string; scheduleName?: string };
  const kind = kindOf(op);
  return {
    id: op.id,
    kind,
    kindLabel: auditActionLabel(kind),
    actorEmail: op.actorEmail,
    createdAt: iso(op.createdAt)!,
    finishedAt: iso(op.finishedAt),
    state,
    total: op.total,
    counts,
    done: counts.ok + counts.failed + counts.unknown + counts.cancelled,
    statusText: statusText(state, op.total, counts),
    keyName: p.keyName ?? null,
    keyGroup: p.keyGroup ?? null,
    selection: op.selection,
    scheduleId: p.scheduleId ?? null,
    scheduleName: p.scheduleId ? (p.scheduleName ?? null) : null,
    cancellable: !op.finishedAt && !op.cancelRequestedAt && counts.pending > 0 && op.actorRole !== "system",
  };
}

const finalCounts = (op: JobRow): ItemCounts | null =>
  op.counts ? (Object.fromEntries(ITEM_STATES.map((s) => [s, Number(op.counts?.[s] ?? 0)])) as ItemCounts) : null;

async function summarize(db: Db, op: JobRow): Promise<JobSummaryView> {
  return toSummary(op, finalCounts(op) ?? (await countItems(db, op.id)));
}

const STATE_SQL: Record<JobState, SQL> = {
  queued: sql`finished_at IS NULL AND started_at IS NULL`,
  running: sql`finished_at IS NULL AND started_at IS NOT NULL`,
  finished: sql`finished_at IS NOT NULL AND (cancel_requested_at IS NULL OR COALESCE((counts->>'cancelled')::int, 0) = 0)`,
  cancelled: sql`finished_at IS NOT NULL AND cancel_requested_at IS NOT NULL AND COALESCE((counts->>'cancelled')::int, 0) > 0`,
};

/** Newest first, LIST_PAGE a page, keyset-paged by (created_at, id). */
export async function jobList(db: Db, filter: JobListFilter): Promise<JobListView> {
  const where: SQL[] = [sql`true`];
  if (filter.kind === "user.offboard") where.push(sql`kind = 'login.close' AND params ? 'offboarding'`);
  else if (filter.kind === "login.close") where.push(sql`kind = 'login.close' AND NOT params ? 'offboarding'`);
  else if (filter.kind) where.push(sql`kind = ${filter.kind}`);
  if (filter.state) where.push(STATE_SQL[filter.state]);
  if (filter.actor) where.push(sql`lower(actor_email) = lower(${filter.actor})`);
  const cursor = decodeJobCursor(filter.cursor);
  if (cursor) where.push(sql`(created_at, id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await db.query.jobs.findMany({
    where: sql.join(where, sql` AND `),
    orderBy: (o, { desc }) => [desc(o.createdAt), desc(o.id)],
    limit: LIST_PAGE + 1,
  });
  const page = rows.slice(0, LIST_PAGE);
  return {
    rows: await Promise.all(page.map((op) => summarize(db, op))),
    next: rows.length > LIST_PAGE ? encodeJobCursor(page[page.length - 1].createdAt, page[page.length - 1].id) : null,
  };
}

export async function jobDetail(db: Db, id: string, items?: ItemState): Promise<JobDetailView | null> {
  const op = await db.query.jobs.findFirst({ where: (o, { eq }) => eq(o.id, id) });
  if (!op) return null;
  const summary = await summarize(db, op);
  const rows = await queryRows<{
    instance_id: string;
    state: ItemState;
    error_code: string | null;
    error_message: string | null;
    ens_request_id: string | null;
    audit_operation_id: string | null;
    finished_at: Date | string | null;
    resolution: JobItemView["resolution"];
  }>(
    db,
    sql`SELECT instance_id, state, error_code, error_message, ens_request_id, audit_operation_id, finished_at, resolution FROM operation_items
      WHERE operation_id = ${id} ${items ? sql`AND state = ${items}` : sql``} ORDER BY seq LIMIT ${ITEMS_LIMIT}`,
  );
  const view: JobItemView[] = rows.map((r) => ({
    instanceId: r.instance_id,
    state: r.state,
    code: r.error_code,
    message: r.error_message,
    requestId: r.ens_request_id,
    auditOperationId: r.audit_operation_id,
    finishedAt: iso(r.finished_at),
    resolution: r.resolution ?? null,
  }));
  // Follow-ups name this job in their params (lib/jobs/follow-up.ts): few jobs, so no index is needed.
  const followUps = await queryRows<{ id: string; retry_of: string | null; revert_of: string | null }>(
    db,
    sql`SELECT id, params->>'retryOf' AS retry_of, params->>'revertOf' AS revert_of FROM operations
      WHERE params->>'retryOf' = ${id} OR params->>'revertOf' = ${id} ORDER BY created_at, id`,
  );
  const p = (op.params ?? {}) as { retryOf?: unknown; revertOf?: unknown };
  return {
    ...summary,
    items: view,
    itemsMatching: items ? summary.counts[items] : summary.total,
    itemsLimit: ITEMS_LIMIT,
    retryOf: typeof p.retryOf === "string" ? p.retryOf : null,
    revertOf: typeof p.revertOf === "string" ? p.revertOf : null,
    followUps: followUps.map((f) => ({ id: f.id, kind: f.retry_of === id ? "retry" : "revert" })),
    startedBySystem: op.actorRole === "system",
  };
}
