// What the browser gets about access requests. Client-safe: no server imports.
import type { RequestState } from "./schema";

export type RequestKind = "login" | "share" | "schedule";

/** What a login request asks for. */
export interface LoginAsk {
  kind: "login";
  /** "aic-1", "3 selected instances" or "all 40 instances matching ?…". */
  selection: string;
  /** The instance ids when ticked (at most the first 50 shown). */
  instanceIds: string[];
  count: number;
  keyName: string | null;
  keyGroup: string | null;
  durationMinutes: number;
}

/** What a share request asks for: exactly the user IDs the approver sees. */
export interface ShareAsk {
  kind: "share";
  imageId: string;
  users: string[];
}

/** What a schedule's approval asks for: the schedule, opening logins on its saved view at each run. */
export interface ScheduleAsk {
  kind: "schedule";
  scheduleId: string;
  name: string;
  viewName: string;
  durationMinutes: number | null;
  repeat: string | null;
}

export interface DecisionView {
  actorEmail: string;
  decision: "approve" | "deny";
  comment: string | null;
  /** ISO. */
  at: string;
}

export interface RequestView {
  id: string;
  kind: RequestKind;
  state: RequestState;
  requesterEmail: string;
  reason: string;
  ask: LoginAsk | ShareAsk | ScheduleAsk;
  /** ISO times. */
  createdAt: string;
  /** A pending request expires then. */
  expiresAt: string;
  decidedAt: string | null;
  endedAt: string | null;
  approvalsNeeded: number;
  approvals: number;
  approvers: "operators" | "admins";
  decisions: DecisionView[];
  /** The emails of those who may still approve (not the requester, not who already decided). */
  mayStillApprove: string[];
  /** The engine operation that carried out a login request. */
  operationId: string | null;
  /** Why it failed, in English (the reason ENS or the console gave). */
  failure: string | null;
  /** The audit operation of its creation: the History link. */
  auditOperationId: string;
  /** What the viewer may do with it now. */
  canApprove: boolean;
  canCancel: boolean;
}

export interface RequestListView {
  rows: RequestView[];
  /** The `before` value of the next page, if there is one. */
  nextBefore: string | null;
}

/** A break-glass open awaiting (or past) its review. */
export interface BreakGlassView {
  operationId: string;
  instanceId: string;
  actorEmail: string;
  reason: string;
  openedAt: string;
  reviewedAt: string | null;
  reviewedBy: string | null;
  reviewComment: string | null;
}

/** The counts the navigation shows. */
export interface RequestCounts {
  /** Pending requests the viewer may approve now. */
  toApprove: number;
  /** Break-glass opens awaiting review (admins; 0 for others). */
  toReview: number;
}
