import type { RequestListFilter } from "@/lib/requests/schema";

/**
 * The /requests URL of a filter, in a stable key order (tab, state, kind, before), so a copied
 * URL reproduces the view. The default tab (`mine`) is left out; so is an empty value.
 */
export function requestsHref(f: Partial<RequestListFilter>): string {
  const sp = new URLSearchParams();
  if (f.tab && f.tab !== "mine") sp.set("tab", f.tab);
  if (f.state) sp.set("state", f.state);
  if (f.kind) sp.set("kind", f.kind);
  if (f.before) sp.set("before", f.before);
  const qs = sp.toString();
  return qs ? `/requests?${qs}` : "/requests";
}

/** A request's page. */
export const requestHref = (id: string) => `/requests/${encodeURIComponent(id)}`;

/** The History of one request: its target filter (lib/audit/filter-params.ts). */
export const requestHistoryHref = (id: string) => `/history?target=${encodeURIComponent(id)}`;

/** A request id as a list shows it: the first block of its UUID. */
export const shortId = (id: string) => id.split("-")[0] || id;
