import "server-only";
import {
  getOperation,
  listOperations,
  seesEverything,
  type AuditEventView,
  type HistoryViewer,
  type OperationPage,
  type OperationRow,
  type PageOptions,
} from "@/lib/audit/query";
import type { Db } from "@/lib/db/client";
import type { HistoryFilter } from "@/lib/audit/filter";
import { HISTORY_PAGE_MAX } from "@/lib/audit/page-cursors";
import type { Preview, HistoryRow, EventPreview } from "./row";
import { paramsSummary } from "./summary";

/** What a list row may carry per value: the detail page shows the full stored value. */
export const LIST_PREVIEW_CHARS = 2000;
export const LIST_ERROR_CHARS = 300;
/** Read cap in SQL for list rows, so an oversized legacy value never reaches Node whole. */
const LIST_CAP_BYTES = 8192;
/** The detail page's bound, for values stored before the write-time cap existed. */
export const DETAIL_PREVIEW_CHARS = 65_536;

function cut(s: string, max: number): Preview {
  if (s.length <= max) return { text: s, truncated: false };
  // Cut on a code point boundary, so a split surrogate pair never reaches the page.
  const end = /[\uD800-\uDBFF]/.test(s[max - 1]) ? max - 1 : max;
  return { text: s.slice(0, end), truncated: true };
}

function preview(v: unknown, max: number): Preview | null {
  if (v === null || v === undefined) return null;
  return cut(JSON.stringify(v, null, 2) ?? String(v), max);
}

const isOwn = (row: OperationRow, viewer: HistoryViewer) => (row.requested ?? row.completed)?.actor_id === viewer.id;
const failedSignIn = (row: OperationRow) => row.action === "auth.sign_in" && row.outcome !== "success";

/**
 * Staff who are not auditors or admins do not see who failed to sign in (the typed name may be a
 * password or someone else's account), nor the address and user agent of events not their own.
 */
export function redactFor(row: OperationRow, viewer: HistoryViewer): { row: OperationRow; hidden: string[] } {
  if (seesEverything(viewer) || isOwn(row, viewer)) return { row, hidden: [] };
  const hideName = failedSignIn(row);
  const event = (e: AuditEventView | null): AuditEventView | null =>
    e && {
      ...e,
      source_ip: null,
      user_agent: null,
      ...(hideName ? { actor_email: null, target_id: null } : {}),
    };
  return {
    row: {
      ...row,
      sourceIp: null,
      ...(hideName ? { actorEmail: null, targetId: null } : {}),
      requested: event(row.requested),
      completed: event(row.completed),
      resolved: event(row.resolved),
    },
    hidden: hideName ? ["actor", "target", "source address", "user agent"] : ["source address", "user agent"],
  };
}

function eventPreview(e: AuditEventView | null, max: number): EventPreview | null {
  if (!e) return null;
  // params and result are shown on their own; the event shows everything else.
  const { params: _p, result: _r, ...rest } = e;
  return { id: e.id, at: new Date(e.at).toISOString(), json: cut(JSON.stringify(rest, null, 2), max) };
}

/** The row the browser receives: redacted for the viewer, every value bounded. */
export function toHistoryRow(full: OperationRow, viewer: HistoryViewer, max = LIST_PREVIEW_CHARS): HistoryRow {
  const { row, hidden } = redactFor(full, viewer);
  return {
    operationId: row.operationId,
    at: row.at,
    actorEmail: row.actorEmail,
    actorRole: row.actorRole,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    outcome: row.outcome,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage === null ? null : cut(row.errorMessage, max === LIST_PREVIEW_CHARS ? LIST_ERROR_CHARS : max).text,
    ensRequestId: row.ensRequestId,
    durationMs: row.durationMs,
    sourceIp: row.sourceIp,
    bulkId: row.bulkId,
    summary: paramsSummary(row.action, row.params, row.result),
    params: preview(row.params, max),
    result: preview(row.result, max),
    requested: eventPreview(row.requested, max),
    completed: eventPreview(row.completed, max),
    resolution: row.resolution,
    resolved: eventPreview(row.resolved, max),
    hidden,
  };
}

export interface HistoryPage extends Omit<OperationPage, "rows"> {
  rows: HistoryRow[];
}

/** One page of the history as a viewer may see it: at most HISTORY_PAGE_MAX rows, each bounded. */
export async function listHistory(db: Db, viewer: HistoryViewer, filter: HistoryFilter, opts: PageOptions = {}): Promise<HistoryPage> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), HISTORY_PAGE_MAX);
  const page = await listOperations(db, filter, { ...opts, limit, viewer, capBytes: LIST_CAP_BYTES });
  return { ...page, rows: page.rows.map((r) => toHistoryRow(r, viewer)) };
}

/** One operation for its detail page: redacted for the viewer, values up to DETAIL_PREVIEW_CHARS. */
export async function getHistoryRow(db: Db, viewer: HistoryViewer, operationId: string): Promise<HistoryRow | null> {
  const row = await getOperation(db, operationId);
  return row && toHistoryRow(row, viewer, DETAIL_PREVIEW_CHARS);
}
