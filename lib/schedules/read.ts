import "server-only";
import { sql } from "drizzle-orm";
import type { ActiveUser } from "../auth/session";
import { getDb, queryRows, type Db } from "../db/client";
import { nextRuns } from "./occurrences";
import { findSchedule, type ScheduleRow } from "./store";
import type { ScheduleRunView, ScheduleView } from "./view";

const iso = (v: Date | string) => new Date(v).toISOString();

function toView(r: ScheduleRow & { view_name: string | null }, user: ActiveUser, now = new Date()): ScheduleView {
  const active = !r.paused && r.approved;
  const upcoming = !active
    ? []
    : r.cron
      ? nextRuns(r.cron, r.time_zone, now, 5).map((d) => d.toISOString())
      : r.run_at && new Date(r.run_at) > now
        ? [iso(r.run_at)]
        : [];
  return {
    id: r.id,
    name: r.name,
    ownerEmail: r.owner_email,
    viewId: r.view_id,
    viewName: r.view_name,
    action: r.action,
    keyName: r.key_name,
    keyGroup: r.key_group,
    durationMinutes: r.duration_minutes,
    repeat: r.cron,
    runAt: r.run_at === null ? null : iso(r.run_at),
    timeZone: r.time_zone,
    reason: r.reason,
    maxInstances: r.max_instances,
    maxConcurrent: r.max_concurrent,
    maxPerSecond: Number(r.max_per_second),
    stopFailuresCount: r.stop_failures_count,
    stopFailuresPercent: r.stop_failures_percent,
    graceMinutes: r.grace_minutes,
    paused: r.paused,
    approved: r.approved,
    approvalRequestId: r.approval_request_id,
    nextRuns: upcoming,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    canManage: (user.role === "operator" || user.role === "admin") && (r.owner_id === user.id || user.role === "admin"),
  };
}

/** Every schedule (everyone sees them), by name. */
export async function listSchedules(db: Db, user: ActiveUser): Promise<ScheduleView[]> {
  const rows = await queryRows<ScheduleRow & { view_name: string | null }>(
    db,
    sql`SELECT s.*, v.name AS view_name FROM schedules s LEFT JOIN saved_views v ON v.id = s.view_id
      WHERE s.deleted_at IS NULL ORDER BY s.name, s.id LIMIT 500`,
  );
  return rows.map((r) => toView(r, user));
}

/** One schedule and its runs, newest first. */
export async function getSchedule(
  db: Db,
  user: ActiveUser,
  id: string,
): Promise<{ schedule: ScheduleView; runs: ScheduleRunView[] } | null> {
  const row = await findSchedule(db, id);
  if (!row) return null;
  const [v] = await queryRows<{ name: string }>(db, sql`SELECT name FROM saved_views WHERE id = ${row.view_id}::uuid`);
  const runs = await queryRows<{
    occurrence: Date | string;
    state: ScheduleRunView["state"];
    job_id: string | null;
    reason: string | null;
    at: Date | string;
  }>(
    db,
    sql`SELECT occurrence, state, job_id, reason, at FROM schedule_runs WHERE schedule_id = ${id}::uuid ORDER BY occurrence DESC LIMIT 100`,
  );
  return {
    schedule: toView({ ...row, view_name: v?.name ?? null }, user),
    runs: runs.map((r) => ({ occurrence: iso(r.occurrence), state: r.state, operationId: r.job_id, reason: r.reason, at: iso(r.at) })),
  };
}

// What pages call: the deployment's database.

export async function readSchedules(user: ActiveUser): Promise<ScheduleView[]> {
  return listSchedules(await getDb(), user);
}

export async function readSchedule(user: ActiveUser, id: string) {
  return getSchedule(await getDb(), user, id);
}
