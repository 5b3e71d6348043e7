/**
 * The client data layer: every react-query key, in a plain module that server pages (prefetch
 * with HydrationBoundary) and client hooks import alike. A `'use client'` module would reach a
 * server page as a client reference, not as these arrays.
 *
 * One refresh rule per kind of data, after a mutation succeeds:
 * - Data with a query here (fleet, one instance's login, the key list of the key picker, the
 *   chain status): react-query. Write what the action returned with `setQueryData`, or
 *   `invalidateQueries` on the key below when the action returns nothing to write.
 * - Server-rendered lists (the keys, users and share pages, an instance's history): the
 *   component that ran the action calls `router.refresh()` once it succeeded. The pages are
 *   dynamic (they read the session), so there is no cached copy for `revalidatePath` to drop,
 *   and the actions stay free of Next's cache.
 */
import type { JobListFilter } from "../jobs/schema";
import type { ItemState } from "../jobs/types";

export const queryKeys = {
  /** Every page of every instances view: the prefix to invalidate. */
  fleet: ["fleet"] as const,
  fleetPage: (search: string, page: number) => ["fleet", "page", search, page] as const,
  /** The filter menus' values: outside `fleet`, so a login change does not read them again. */
  fleetFacets: ["fleet-facets"] as const,
  instance: (id: string) => ["instance", id] as const,
  publicKeys: ["keys"] as const,
  chainStatus: ["history", "chain"] as const,
  overview: ["overview"] as const,
  /** One page of the operations list; the filter is normalised (blank fields dropped) by lib/queries/operations. */
  operations: (f: JobListFilter) => ["operations", { kind: f.kind, state: f.state, actor: f.actor, cursor: f.cursor }] as const,
  /** Every view of one operation, whatever its item filter: the prefix to invalidate. */
  operation: (id: string) => ["operation", id] as const,
  operationItems: (id: string, items: ItemState | undefined) => ["operation", id, items ?? "all"] as const,
  /** Everything about access requests: the prefix a "requests" live change invalidates. */
  requests: ["requests"] as const,
  /** The navigation's counts (to approve, to review). */
  requestCounts: ["requests", "counts"] as const,
  /** Everything about one's notifications: the prefix an "inbox" live change invalidates. */
  inbox: ["inbox"] as const,
  /** The header's unread count. */
  inboxUnread: ["inbox", "unread"] as const,
};
