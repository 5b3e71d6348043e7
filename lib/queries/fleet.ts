import { queryOptions } from "@tanstack/react-query";
import { getJson } from "../http/get-json";
import type { FleetSnapshot } from "../instances/types";
import { queryKeys } from "./query-keys";

/** Fresh: read past the server's cache; the user asked for it, so it counts as activity. */
export function fetchFleet(fresh = false): Promise<FleetSnapshot> {
  return getJson<FleetSnapshot>(`/api/fleet${fresh ? "?fresh=1" : ""}`, { background: !fresh, what: "the fleet" });
}

/** The instances list. The server page prefetches it with its own `queryFn` (lib/instances/fleet). */
export const fleetQuery = queryOptions({
  queryKey: queryKeys.fleet,
  queryFn: () => fetchFleet(false),
  refetchInterval: 60_000,
});
