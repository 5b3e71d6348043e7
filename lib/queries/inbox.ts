import { queryOptions } from "@tanstack/react-query";
import { getJson } from "../http/get-json";
import { queryKeys } from "./query-keys";

/** What /api/inbox answers: how many of the viewer's notifications are unread. */
export interface InboxUnread {
  unread: number;
}

export function fetchInboxUnread(): Promise<InboxUnread> {
  return getJson<InboxUnread>("/api/inbox", { background: true, cache: "no-store", what: "the notifications" });
}

/**
 * The header's unread count. The console layout prefetches it with its own `queryFn`
 * (lib/inbox/read); live updates of kind "inbox" refresh it, and it is read again every minute in
 * case a change was missed.
 */
export const inboxUnreadQuery = queryOptions({
  queryKey: queryKeys.inboxUnread,
  queryFn: fetchInboxUnread,
  refetchInterval: 60_000,
});
