import { queryOptions } from "@tanstack/react-query";
import { getJson } from "../http/get-json";
import type { KeyView } from "../keys/view";
import { queryKeys } from "./query-keys";

/** The uploaded public keys, for the key picker; the keys page renders its own list on the server. */
export const publicKeysQuery = queryOptions({
  queryKey: queryKeys.publicKeys,
  queryFn: async () => (await getJson<{ keys: KeyView[] }>("/api/keys", { what: "the keys" })).keys,
});
