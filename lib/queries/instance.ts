import { queryOptions } from "@tanstack/react-query";
import { getJson } from "../http/get-json";
import type { InstanceLoginView } from "../instances/login-view";
import { queryKeys } from "./query-keys";

export function fetchInstanceLogin(instanceId: string, opts: { background?: boolean } = {}): Promise<InstanceLoginView> {
  return getJson<InstanceLoginView>(`/api/instances/${encodeURIComponent(instanceId)}`, { ...opts, what: "the login state" });
}

/** One instance's login state and key deliveries, as ENS reports them now. */
export const instanceLoginQuery = (instanceId: string) =>
  queryOptions({
    queryKey: queryKeys.instance(instanceId),
    queryFn: () => fetchInstanceLogin(instanceId, { background: true }),
  });
