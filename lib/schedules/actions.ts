import "server-only";
import type { ActionSpec } from "../action-spec";
import { createScheduleRequest } from "../requests/create-request";
import {
  createSchedule,
  deleteSchedule,
  setSchedulePaused,
  updateSchedule,
  type RequestApproval,
  type SavedSchedule,
} from "./save-schedule";
import { createScheduleInput, pauseScheduleInput, scheduleIdInput, updateScheduleInput, type CreateScheduleInput } from "./schema";
import type { ActionContext } from "../action-spec";

// The specs of the schedule actions: lib/actions/schedules.ts binds each to the wrapper in one line.

/** A schedule that opens logins under an approval policy asks once, as its creator. */
const approvalFor =
  (ctx: ActionContext, i: CreateScheduleInput): RequestApproval =>
  (scheduleId, what) =>
    createScheduleRequest(
      ctx.db,
      {
        scheduleId,
        name: what.name,
        viewName: what.viewName,
        durationMinutes: i.durationMinutes ?? null,
        repeat: i.repeat ?? null,
        reason: i.reason,
      },
      { user: ctx.user, auditOperationId: ctx.operationId },
    );

export const createScheduleSpec = {
  name: "schedule.create",
  input: createScheduleInput,
  audit: "event",
  target: (i) => ({ type: "schedule", id: i.scheduleId }),
  auditResult: (r) => r,
  handler: (i, ctx) => createSchedule(ctx.db, i, ctx.user, approvalFor(ctx, i)),
} satisfies ActionSpec<typeof createScheduleInput, SavedSchedule>;

/** An edit keeps the old values (the result's `previous`) beside the new ones (the params). */
export const updateScheduleSpec = {
  name: "schedule.update",
  input: updateScheduleInput,
  audit: "event",
  target: (i) => ({ type: "schedule", id: i.scheduleId }),
  auditResult: (r) => r,
  handler: (i, ctx) => updateSchedule(ctx.db, i, ctx.user, approvalFor(ctx, i)),
} satisfies ActionSpec<typeof updateScheduleInput, Awaited<ReturnType<typeof updateSchedule>>>;

export const setSchedulePausedSpec = {
  name: (i) => (i.paused ? "schedule.pause" : "schedule.resume"),
  refusedName: "schedule.set_paused",
  input: pauseScheduleInput,
  audit: "event",
  target: (i) => ({ type: "schedule", id: i.scheduleId }),
  handler: (i, ctx) => setSchedulePaused(ctx.db, i.scheduleId, i.paused, ctx.user),
} satisfies ActionSpec<typeof pauseScheduleInput, { scheduleId: string; paused: boolean }>;

export const deleteScheduleSpec = {
  name: "schedule.delete",
  input: scheduleIdInput,
  audit: "event",
  target: (i) => ({ type: "schedule", id: i.scheduleId }),
  auditResult: (r) => ({ previous: r.previous }),
  handler: (i, ctx) => deleteSchedule(ctx.db, i.scheduleId, ctx.user),
} satisfies ActionSpec<typeof scheduleIdInput, Awaited<ReturnType<typeof deleteSchedule>>>;
