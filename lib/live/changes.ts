// What a live update says: which kinds of data changed. Client-safe: the browser reads it from
// /api/events and refreshes the queries of those kinds.

export const CHANGE_KINDS = ["logins", "instances", "operations", "requests", "inbox"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One server-sent event: the kinds changed since the last one (changes are coalesced per ~100 ms). */
export interface LiveChange {
  kinds: ChangeKind[];
}

export const LIVE_EVENTS_PATH = "/api/events";
