import { queryOptions } from "@tanstack/react-query";
import { getJson } from "../http/get-json";
import type { FleetSnapshot } from "../instances/types";
import { soonerForExpiry } from "./login-refresh";
import { queryKeys } from "./query-keys";

/** Fresh: read past the server's cache; the user asked for it, so it counts as activity. */
export function fetchFleet(fresh = false): Promise<FleetSnapshot> {
  return getJson<FleetSnapshot>(`/api/fleet${fresh ? "?fresh=1" : ""}`, { background: !fresh, what: "the fleet" });
}

function* loginsOf(rows: FleetSnapshot["rows"] | undefined) {
  for (const r of rows ?? []) yield r.login;
}

/**
 * The instances list. The server page prefetches it with its own `queryFn` (lib/instances/fleet).
 * Read again every minute, and soon after a login on it expires, so its row shows the login closed.
 */
export const fleetQuery = queryOptions({
  queryKey: queryKeys.fleet,
  queryFn: () => fetchFleet(false),
  refetchInterval: (q) => soonerForExpiry(60_000, loginsOf(q.state.data?.rows)),
});
