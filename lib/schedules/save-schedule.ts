import "server-only";
import { sql } from "drizzle-orm";
import type { ActiveUser } from "../auth/session";
import type { Db } from "../db/client";
import { ConsoleError } from "../errors";
import { accessModeFor } from "../policy/access-mode";
import { readPolicy } from "../policy/policy";
import { getSavedView, visibleTo } from "../views/read";
import { nextRuns } from "./occurrences";
import type { CreateScheduleInput, UpdateScheduleInput } from "./schema";
import { findSchedule, scheduleRecord, type ScheduleRow } from "./store";

export interface SavedSchedule {
  scheduleId: string;
  /** False: it waits for its approval request (`approvalRequestId`) before it runs. */
  approved: boolean;
  approvalRequestId: string | null;
  nextRunAt: string | null;
}

/** Asks for the approval of a schedule that opens logins where the policy asks for approval. */
export type RequestApproval = (scheduleId: string, what: { name: string; viewName: string }) => Promise<string>;

/** A reset is an admin's; the view must be one the user sees; a login open may need approval once. */
async function checkSchedule(db: Db, input: CreateScheduleInput, user: ActiveUser): Promise<{ viewName: string; needsApproval: boolean }> {
  if (input.action === "instance.reset" && user.role !== "admin")
    throw new ConsoleError("Console.Forbidden", "Only admins schedule resets.", undefined, { words: { key: "server.resetAdminsOnly" } });
  const view = await getSavedView(db, input.viewId);
  if (!view || !visibleTo(view, user))
    throw new ConsoleError("Console.NotFound", "No saved view with that id.", undefined, { words: { key: "server.noSavedView" } });
  const needsApproval = input.action === "login.open" && accessModeFor(await readPolicy(db), user.role, "login") !== "direct";
  return { viewName: view.name, needsApproval };
}

function firstRun(input: CreateScheduleInput, now: Date): Date | null {
  if (input.runAt) return new Date(input.runAt);
  return nextRuns(input.repeat!, input.timeZone, now, 1)[0] ?? null;
}

const columns = (i: CreateScheduleInput) => sql`name = ${i.name}, view_id = ${i.viewId}::uuid, action = ${i.action},
  key_name = ${i.keyName ?? null}, key_group = ${i.keyGroup ?? null}, duration_minutes = ${i.durationMinutes ?? null},
  reason = ${i.reason}, cron = ${i.repeat ?? null}, run_at = ${i.runAt ?? null}::timestamptz, time_zone = ${i.timeZone},
  max_instances = ${i.maxInstances}, max_concurrent = ${i.maxConcurrent}, max_per_second = ${i.maxPerSecond},
  stop_failures_count = ${i.stopFailuresCount ?? null}, stop_failures_percent = ${i.stopFailuresPercent ?? null},
  grace_minutes = ${i.graceMinutes}`;

export async function createSchedule(
  db: Db,
  input: CreateScheduleInput,
  user: ActiveUser,
  requestApproval: RequestApproval,
  now = new Date(),
): Promise<SavedSchedule> {
  const { viewName, needsApproval } = await checkSchedule(db, input, user);
  const id = input.scheduleId;
  const next = firstRun(input, now);
  await db.execute(
    sql`INSERT INTO schedules (id, name, owner_id, owner_email, owner_role, view_id, action, key_name, key_group, duration_minutes, reason,
        cron, run_at, time_zone, max_instances, max_concurrent, max_per_second, stop_failures_count, stop_failures_percent, grace_minutes,
        checked_up_to, next_run_at, approved)
      VALUES (${id}, ${input.name}, ${user.id}::uuid, ${user.email}, ${user.role}, ${input.viewId}::uuid, ${input.action},
        ${input.keyName ?? null}, ${input.keyGroup ?? null}, ${input.durationMinutes ?? null}, ${input.reason},
        ${input.repeat ?? null}, ${input.runAt ?? null}::timestamptz, ${input.timeZone}, ${input.maxInstances}, ${input.maxConcurrent},
        ${input.maxPerSecond}, ${input.stopFailuresCount ?? null}, ${input.stopFailuresPercent ?? null}, ${input.graceMinutes},
        ${now.toISOString()}::timestamptz, ${next?.toISOString() ?? null}::timestamptz, ${!needsApproval})`,
  );
  const approvalRequestId = needsApproval ? await requestApproval(id, { name: input.name, viewName }) : null;
  if (approvalRequestId)
    await db.execute(sql`UPDATE schedules SET approval_request_id = ${approvalRequestId}::uuid WHERE id = ${id}::uuid`);
  return { scheduleId: id, approved: !needsApproval, approvalRequestId, nextRunAt: next?.toISOString() ?? null };
}

/** The owner or an admin manages a schedule; others are told it is not there for them. */
export async function manageable(db: Db, scheduleId: string, user: ActiveUser): Promise<ScheduleRow> {
  const row = await findSchedule(db, scheduleId);
  if (!row || (row.owner_id !== user.id && user.role !== "admin"))
    throw new ConsoleError("Console.NotFound", "No schedule with that id.", undefined, { words: { key: "server.noSchedule" } });
  return row;
}

/** An edit: the old and new values are both kept (the action's audit result); changing what a login schedule does asks for approval again. */
export async function updateSchedule(
  db: Db,
  input: UpdateScheduleInput,
  user: ActiveUser,
  requestApproval: RequestApproval,
  now = new Date(),
): Promise<SavedSchedule & { previous: ReturnType<typeof scheduleRecord> }> {
  const row = await manageable(db, input.scheduleId, user);
  const { viewName, needsApproval } = await checkSchedule(db, input, user);
  const next = firstRun(input, now);
  await db.execute(
    sql`UPDATE schedules SET ${columns(input)}, next_run_at = ${next?.toISOString() ?? null}::timestamptz, checked_up_to = ${now.toISOString()}::timestamptz,
      approved = ${!needsApproval}, approval_request_id = NULL, updated_at = clock_timestamp() WHERE id = ${input.scheduleId}::uuid`,
  );
  const approvalRequestId = needsApproval ? await requestApproval(input.scheduleId, { name: input.name, viewName }) : null;
  if (approvalRequestId)
    await db.execute(sql`UPDATE schedules SET approval_request_id = ${approvalRequestId}::uuid WHERE id = ${input.scheduleId}::uuid`);
  return {
    scheduleId: input.scheduleId,
    approved: !needsApproval,
    approvalRequestId,
    nextRunAt: next?.toISOString() ?? null,
    previous: scheduleRecord(row),
  };
}

/** Pause or resume; a resumed schedule does not run what fell while it was paused. */
export async function setSchedulePaused(db: Db, scheduleId: string, paused: boolean, user: ActiveUser, now = new Date()) {
  const row = await manageable(db, scheduleId, user);
  const next = paused ? null : row.cron ? (nextRuns(row.cron, row.time_zone, now, 1)[0] ?? null) : row.run_at ? new Date(row.run_at) : null;
  await db.execute(
    sql`UPDATE schedules SET paused = ${paused}, checked_up_to = ${now.toISOString()}::timestamptz,
      next_run_at = ${next?.toISOString() ?? null}::timestamptz, updated_at = clock_timestamp() WHERE id = ${scheduleId}::uuid`,
  );
  return { scheduleId, paused };
}

export async function deleteSchedule(db: Db, scheduleId: string, user: ActiveUser) {
  const row = await manageable(db, scheduleId, user);
  await db.execute(sql`UPDATE schedules SET deleted_at = clock_timestamp(), next_run_at = NULL WHERE id = ${scheduleId}::uuid`);
  return { scheduleId, previous: scheduleRecord(row) };
}
