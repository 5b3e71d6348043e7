import { queryOptions } from "@tanstack/react-query";
import { getJson } from "../http/get-json";
import type { OverviewView } from "../overview/view";
import { queryKeys } from "./query-keys";

export function fetchOverview(): Promise<OverviewView> {
  return getJson<OverviewView>("/api/overview", { background: true, cache: "no-store", what: "the overview" });
}

/** The fleet overview. The server page prefetches it with its own `queryFn` (lib/overview/read); read again every 15 s. */
export const overviewQuery = queryOptions({
  queryKey: queryKeys.overview,
  queryFn: fetchOverview,
  refetchInterval: 15_000,
});
