import "server-only";
import { encodeCursor, type Cursor } from "../audit/query";
import { getDb } from "../db/client";
import { listIntervals, type IntervalRow } from "./query";
import type { AccessReportFilter } from "./schema";
import { readStanding } from "./standing";
import type { AccessReportPage, IntervalView, StandingAccess } from "./view";

/** An interval as the page shows it. */
export function toIntervalView(r: IntervalRow): IntervalView {
  const f = r.fields;
  return {
    instanceId: f.instanceId,
    from: f.from,
    to: f.to,
    origin: f.origin,
    keyName: f.keyName,
    keyGroup: f.keyGroup,
    keys: f.keys,
    keyOwner: r.keyOwner?.email ?? null,
    groupPeople: r.groupPeople,
    openedBy: f.openedBy,
    reason: f.reason,
    requestId: f.requestId,
    approvedBy: f.approvedBy ?? [],
    expiresAt: f.expiresAt,
    extends: f.extends,
    adoptedBy: f.adoptedBy,
    ending: f.ending,
    endedBy: f.endedBy,
    openOperationId: f.openOperationId,
    endOperationId: f.endOperationId,
  };
}

/** One page of the access report for the page and its read route. */
export async function readAccessReport(
  filter: AccessReportFilter,
  opts: { limit?: number; before?: Cursor | null } = {},
): Promise<AccessReportPage> {
  const page = await listIntervals(await getDb(), filter, opts);
  return { rows: page.rows.map(toIntervalView), older: page.older ? encodeCursor(page.older) : null, range: page.range };
}

export async function readStandingAccess(days: number): Promise<StandingAccess> {
  return readStanding(await getDb(), days);
}
