// What /schedules renders. Client-safe.
import type { ScheduleAction } from "./schema";

export interface ScheduleView {
  id: string;
  name: string;
  ownerEmail: string;
  viewId: string;
  /** The saved view's name; null when it was deleted (the schedule's runs are then refused). */
  viewName: string | null;
  action: ScheduleAction;
  keyName: string | null;
  keyGroup: string | null;
  durationMinutes: number | null;
  /** The cron rule, or null for one time (`runAt`). */
  repeat: string | null;
  runAt: string | null;
  timeZone: string;
  reason: string;
  maxInstances: number;
  maxConcurrent: number;
  maxPerSecond: number;
  stopFailuresCount: number | null;
  stopFailuresPercent: number | null;
  graceMinutes: number;
  paused: boolean;
  /** False while its approval request is pending (a schedule that opens logins under an approval policy). */
  approved: boolean;
  approvalRequestId: string | null;
  /** The next five runs (ISO), none while paused or awaiting approval. */
  nextRuns: string[];
  createdAt: string;
  updatedAt: string;
  /** The viewer may edit, pause, resume and delete it (its owner, or an admin). */
  canManage: boolean;
}

export interface ScheduleRunView {
  occurrence: string;
  state: "started" | "refused" | "missed";
  operationId: string | null;
  reason: string | null;
  at: string;
}
