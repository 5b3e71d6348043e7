import { queryOptions } from "@tanstack/react-query";
import { getJson } from "../http/get-json";
import type { RequestCounts } from "../requests/view";
import { queryKeys } from "./query-keys";

export type { RequestCounts };

export function fetchRequestCounts(): Promise<RequestCounts> {
  return getJson<RequestCounts>("/api/requests/counts", { background: true, cache: "no-store", what: "the request counts" });
}

/**
 * The navigation's request counts (to approve, to review). The console layout prefetches them with
 * its own `queryFn` (lib/requests/read); live updates of kind "requests" refresh them, and they are
 * read again every minute in case a change was missed.
 */
export const requestCountsQuery = queryOptions({
  queryKey: queryKeys.requestCounts,
  queryFn: fetchRequestCounts,
  refetchInterval: 60_000,
});
