import { queryOptions } from "@tanstack/react-query";
import { getJson } from "../http/get-json";
import type { JobListFilter } from "../jobs/schema";
import type { ItemState, JobDetailView, JobListView, JobState } from "../jobs/types";
import { queryKeys } from "./query-keys";

const LIST_FIELDS = ["kind", "state", "actor", "cursor"] as const;

/** Blank fields dropped, so `?actor=` and no actor share one cache entry and one URL. */
export function normaliseOperationFilter(f: JobListFilter): JobListFilter {
  const out: JobListFilter = {};
  for (const k of LIST_FIELDS) {
    const v = f[k]?.trim();
    if (v) Object.assign(out, { [k]: v });
  }
  return out;
}

/** The list filter as a query string, in a stable order (no leading `?`), for the API and for links. */
export function operationListSearch(f: JobListFilter): URLSearchParams {
  const n = normaliseOperationFilter(f);
  const sp = new URLSearchParams();
  for (const k of LIST_FIELDS) if (n[k]) sp.set(k, n[k]);
  return sp;
}

export const isLive = (state: JobState | undefined) => state === "queued" || state === "running";

export function fetchOperations(filter: JobListFilter): Promise<JobListView> {
  const qs = operationListSearch(filter).toString();
  return getJson<JobListView>(`/api/operations${qs ? `?${qs}` : ""}`, {
    background: true,
    cache: "no-store",
    what: "the operations",
  });
}

export function fetchOperation(id: string, items?: ItemState): Promise<JobDetailView> {
  const qs = items ? `?items=${encodeURIComponent(items)}` : "";
  return getJson<JobDetailView>(`/api/operations/${encodeURIComponent(id)}${qs}`, {
    background: true,
    cache: "no-store",
    what: "the operation",
  });
}

/** The operations list, newest first; polled every 2 s while a row on the page is still queued or running. */
export const operationsQuery = (filter: JobListFilter) => {
  const f = normaliseOperationFilter(filter);
  return queryOptions({
    queryKey: queryKeys.operations(f),
    queryFn: () => fetchOperations(f),
    refetchInterval: (q) => (q.state.data?.rows.some((r) => isLive(r.state)) ? 2_000 : false),
  });
};

/**
 * One operation and its items (filtered by item state). Polled every 500 ms until it ends, so each
 * item's progress shows within a second; an ended operation no longer changes.
 */
export const operationQuery = (id: string, items?: ItemState) =>
  queryOptions({
    queryKey: queryKeys.operationItems(id, items),
    queryFn: () => fetchOperation(id, items),
    refetchInterval: (q) => (isLive(q.state.data?.state) ? 500 : false),
  });
