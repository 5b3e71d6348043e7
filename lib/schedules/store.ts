import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";

// The schedules table as the services and the pass read it.

export interface ScheduleRow {
  id: string;
  name: string;
  owner_id: string;
  owner_email: string;
  owner_role: string;
  view_id: string;
  action: "login.open" | "login.close" | "instance.reboot" | "instance.reset";
  key_name: string | null;
  key_group: string | null;
  duration_minutes: number | null;
  reason: string;
  cron: string | null;
  run_at: Date | string | null;
  time_zone: string;
  max_instances: number;
  max_concurrent: number;
  max_per_second: number;
  stop_failures_count: number | null;
  stop_failures_percent: number | null;
  grace_minutes: number;
  paused: boolean;
  checked_up_to: Date | string;
  next_run_at: Date | string | null;
  approval_request_id: string | null;
  approved: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

export async function findSchedule(db: Db, id: string): Promise<ScheduleRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await queryRows<ScheduleRow>(db, sql`SELECT * FROM schedules WHERE id = ${id}::uuid AND deleted_at IS NULL`);
  return row;
}

/** What the log keeps of a schedule (old and new values of an edit). */
export function scheduleRecord(r: ScheduleRow) {
  return {
    name: r.name,
    viewId: r.view_id,
    action: r.action,
    keyName: r.key_name,
    keyGroup: r.key_group,
    durationMinutes: r.duration_minutes,
    repeat: r.cron,
    runAt: r.run_at === null ? null : new Date(r.run_at).toISOString(),
    timeZone: r.time_zone,
    reason: r.reason,
    maxInstances: r.max_instances,
    maxConcurrent: r.max_concurrent,
    maxPerSecond: Number(r.max_per_second),
    stopFailuresCount: r.stop_failures_count,
    stopFailuresPercent: r.stop_failures_percent,
    graceMinutes: r.grace_minutes,
    paused: r.paused,
  };
}
