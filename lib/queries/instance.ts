import { queryOptions } from "@tanstack/react-query";
import { getJson } from "../http/get-json";
import type { InstanceLoginView } from "../instances/login-view";
import { soonerForExpiry } from "./login-refresh";
import { queryKeys } from "./query-keys";

export function fetchInstanceLogin(instanceId: string, opts: { background?: boolean } = {}): Promise<InstanceLoginView> {
  return getJson<InstanceLoginView>(`/api/instances/${encodeURIComponent(instanceId)}`, { ...opts, what: "the login state" });
}

/** One instance's login state and key deliveries, as ENS reports them now; read again soon after its login expires. */
export const instanceLoginQuery = (instanceId: string) =>
  queryOptions({
    queryKey: queryKeys.instance(instanceId),
    queryFn: () => fetchInstanceLogin(instanceId, { background: true }),
    refetchInterval: (q) => soonerForExpiry(false, q.state.data ? [q.state.data.login] : []),
  });
