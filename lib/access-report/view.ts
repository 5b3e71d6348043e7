import type { Ending, ExtendView, Origin } from "./derive";

// What the report page renders: one row per interval, every value the console's own.

export interface IntervalView {
  instanceId: string;
  from: string;
  to: string | null;
  origin: Origin;
  keyName: string | null;
  keyGroup: string | null;
  keys: string[] | null;
  /** The personal key's owner, from the console's personal keys. */
  keyOwner: string | null;
  /** Distinct people who opened with this key group (an approximation: see the page's note). */
  groupPeople: number | null;
  openedBy: string | null;
  reason: string | null;
  requestId: string | null;
  approvedBy: string[];
  expiresAt: string | null;
  extends: ExtendView[];
  adoptedBy: string | null;
  ending: Ending;
  endedBy: string | null;
  openOperationId: string;
  endOperationId: string | null;
}

export interface AccessReportPage {
  rows: IntervalView[];
  /** The cursor of the next (older) page, encoded for the URL. */
  older: string | null;
  range: { from: string; to: string };
}

/** Standing access: what lets someone log in without a recent, expiring decision. */
export interface StandingAccess {
  days: number;
  /** Personal keys (not deleted) not used to log in for `days` days (or never). */
  staleKeys: { keyName: string; email: string; lastUsedAt: string | null; createdAt: string }[];
  /** Personal keys of disabled users that the console has not deleted from ENS. */
  disabledUsersKeys: { keyName: string; email: string; createdAt: string }[];
  /** Logins open with no expiry: held by the console without one, or found open outside it. */
  noExpiry: {
    instanceId: string;
    since: string;
    openedBy: string | null;
    keyName: string | null;
    keyGroup: string | null;
    outside: boolean;
  }[];
  /** Key groups open on some instance now, with how many instances. */
  sharedGroups: { keyGroup: string; instances: number }[];
}
