import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { Facets } from "../instances/fleet-index/fleet-index";
import type { FleetPage } from "../instances/fleet-index/query";
import { PAGE_ROWS } from "../instances/fleet-index/page-size";
import { getJson } from "../http/get-json";
import { soonerForExpiry } from "./login-refresh";
import { queryKeys } from "./query-keys";

export type { FleetPage, Facets };
export { PAGE_ROWS };

/** `search`: the view's query string (`?q=…&node=…`, or ""); `page`: rows page×PAGE_ROWS onwards. */
export function fleetPageUrl(search: string, page: number, extra = ""): string {
  const sp = new URLSearchParams(search);
  sp.set("offset", String(page * PAGE_ROWS));
  sp.set("limit", String(PAGE_ROWS));
  return `/api/fleet?${sp}${extra}`;
}

/** Fresh: the server lists ENS again (unless its listing is seconds old); the user asked, so it counts as activity. */
export function fetchFleetPage(search: string, page: number, fresh = false, signal?: AbortSignal): Promise<FleetPage> {
  return getJson<FleetPage>(fleetPageUrl(search, page, fresh ? "&fresh=1" : ""), { background: !fresh, what: "the fleet", signal });
}

/**
 * One page of the instances view, filtered on the server. While the next view loads, the last one
 * stays on screen; read again every minute (live updates refresh it sooner), and soon after a
 * login on it expires.
 */
export const fleetPageQuery = (search: string, page: number) =>
  queryOptions({
    queryKey: queryKeys.fleetPage(search, page),
    queryFn: ({ signal }) => fetchFleetPage(search, page, false, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (q) =>
      soonerForExpiry(
        60_000,
        (q.state.data?.rows ?? []).map((r) => r.login),
      ),
  });

/** The values the filter menus offer; they change only with the fleet itself. */
export const fleetFacetsQuery = queryOptions({
  queryKey: queryKeys.fleetFacets,
  queryFn: ({ signal }) =>
    getJson<FleetPage & { facets: Facets }>("/api/fleet?limit=1&facets=1", { background: true, what: "the filters", signal }).then(
      (r) => r.facets,
    ),
  staleTime: 60_000,
});
