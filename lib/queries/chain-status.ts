import { queryOptions } from "@tanstack/react-query";
import type { ChainStatus } from "../audit/chain-status";
import { getJson } from "../http/get-json";
import { queryKeys } from "./query-keys";

/** Fresh: verify the whole chain now instead of answering from the server's recent check. */
export function fetchChainStatus(fresh = false): Promise<ChainStatusView> {
  return getJson<ChainStatusView>(`/api/history/verify${fresh ? "?fresh=1" : ""}`, { cache: "no-store", what: "the chain status" });
}

/** The chain status as JSON carries it (dates as strings). */
export type ChainStatusView = ChainStatus;

export const chainStatusQuery = queryOptions({
  queryKey: queryKeys.chainStatus,
  queryFn: () => fetchChainStatus(false),
  staleTime: 60_000,
});
