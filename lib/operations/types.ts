// What the browser gets about operations (jobs on the engine). Client-safe: no server imports.

export const OPERATION_KINDS = ["login.open", "login.close", "instance.reboot", "instance.reset"] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** `queued`: nothing started yet; `running`; `finished`: every item ended; `cancelled`: stopped, items not started were skipped. */
export const OPERATION_STATES = ["queued", "running", "finished", "cancelled"] as const;
export type OperationState = (typeof OPERATION_STATES)[number];

export const ITEM_STATES = ["pending", "running", "ok", "failed", "unknown", "cancelled"] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export type ItemCounts = Record<ItemState, number>;

export interface OperationSummaryView {
  id: string;
  kind: OperationKind;
  /** The History label in English ("Close login", …), for logs and tests; the pages word `kind` themselves. */
  kindLabel: string;
  actorEmail: string | null;
  /** ISO times. */
  createdAt: string;
  finishedAt: string | null;
  state: OperationState;
  total: number;
  counts: ItemCounts;
  /** Items that have ended (ok + failed + unknown + cancelled). */
  done: number;
  /**
   * `K of N done` while it runs; `X ok, Y failed` (`, U unknown`, `, Z cancelled`) once it ended. English,
   * for logs and tests; the pages word it in the viewer's language from `state`, `done` and `counts`.
   */
  statusText: string;
  /** The key or key group of a login open. */
  keyName: string | null;
  keyGroup: string | null;
  /** How the instances were chosen: "3 selected instances" or the filter text. */
  selection: string;
  /** True while items not yet started remain (and the viewer may cancel). */
  cancellable: boolean;
}

export interface OperationItemView {
  instanceId: string;
  state: ItemState;
  code: string | null;
  message: string | null;
  requestId: string | null;
  /** The item's own audited operation, for a link into the history. */
  auditOperationId: string | null;
  finishedAt: string | null;
  /** For an `unknown` item: what the resolution pass found in ENS afterwards. */
  resolution: "applied" | "not applied" | "unknown" | null;
}

export interface OperationDetailView extends OperationSummaryView {
  /** Items in the order they were submitted, filtered by `?items=<state>`; at most `itemsLimit`. */
  items: OperationItemView[];
  /** How many items match the item filter (may exceed items.length). */
  itemsMatching: number;
  itemsLimit: number;
}

export interface OperationListView {
  rows: OperationSummaryView[];
  /** Opaque cursor for the next (older) page, or null. */
  next: string | null;
}

export interface StartedOperation {
  operationId: string;
  total: number;
}
