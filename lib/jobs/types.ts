// What the browser gets about jobs (the engine's unit; the pages call them operations). Client-safe: no server imports.

/** The kinds a job is stored and run as. */
export const JOB_KINDS = ["login.open", "login.close", "instance.reboot", "instance.reset"] as const;
export type JobKind = (typeof JOB_KINDS)[number];
/**
 * The kinds /operations shows and filters: the stored ones, and `user.offboard`, an offboarding
 * (lib/offboarding), stored and run as a `login.close` job whose params name the offboarded user.
 */
export const JOB_LIST_KINDS = [...JOB_KINDS, "user.offboard"] as const;
export type JobListKind = (typeof JOB_LIST_KINDS)[number];

/** `queued`: nothing started yet; `running`; `finished`: every item ended; `cancelled`: stopped, items not started were skipped. */
export const JOB_STATES = ["queued", "running", "finished", "cancelled"] as const;
export type JobState = (typeof JOB_STATES)[number];

export const ITEM_STATES = ["pending", "running", "ok", "failed", "unknown", "cancelled"] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export type ItemCounts = Record<ItemState, number>;

export interface JobSummaryView {
  id: string;
  kind: JobListKind;
  /** The History label in English ("Close login", …), for logs and tests; the pages word `kind` themselves. */
  kindLabel: string;
  actorEmail: string | null;
  /** ISO times. */
  createdAt: string;
  finishedAt: string | null;
  state: JobState;
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
  /** The schedule that started this run (lib/schedules), or null for one started by hand. */
  scheduleId: string | null;
  /** That schedule's name when the run started. */
  scheduleName: string | null;
  /** True while items not yet started remain (and the viewer may cancel). */
  cancellable: boolean;
}

export interface JobItemView {
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

export interface JobDetailView extends JobSummaryView {
  /** Items in the order they were submitted, filtered by `?items=<state>`; at most `itemsLimit`. */
  items: JobItemView[];
  /** How many items match the item filter (may exceed items.length). */
  itemsMatching: number;
  itemsLimit: number;
  /** The operation this one retries the failed items of (params.retryOf), or null. */
  retryOf: string | null;
  /** The operation this one reverts (params.revertOf), or null. */
  revertOf: string | null;
  /** Operations started from this one: its retries and reverts, oldest first. */
  followUps: JobFollowUpView[];
  /** Started by the console itself (the expiry pass, an offboarding's engine): no follow-up by hand. */
  startedBySystem: boolean;
}

export interface JobFollowUpView {
  id: string;
  kind: "retry" | "revert";
}

export interface JobListView {
  rows: JobSummaryView[];
  /** Opaque cursor for the next (older) page, or null. */
  next: string | null;
}

export interface StartedJob {
  /** The job's id. The field keeps its first name: the start action's audit result records it (hashed). */
  operationId: string;
  total: number;
}
