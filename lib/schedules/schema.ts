import { z } from "../validation/zod";
import type { ExampleInputs } from "../action-spec";
import { keyField } from "../validation/ids";
import { plainText } from "../validation/plain-text";
import { durationMinutes, reason } from "../logins/schema";
import { cronProblem, isTimeZone } from "./occurrences";

// A schedule: what (an action on the instances of a saved view), when (one time, or a cron rule
// in a time zone), how fast (at most K at once, R per second, stop when failures exceed) and why.
// The form and the actions parse the same schema.

export const SCHEDULE_ACTIONS = ["login.open", "login.close", "instance.reboot", "instance.reset"] as const;
export type ScheduleAction = (typeof SCHEDULE_ACTIONS)[number];

/** ENS's own pace is the ceiling whatever a schedule says (lib/jobs/ens-pace.ts); this is the most a form offers. */
export const MAX_PER_SECOND = 20;
export const MAX_CONCURRENT = 50;

const whole = (msg = "A whole number.") => z.number({ message: msg }).int(msg);

const scheduleFields = {
  name: plainText(z.string().trim().min(1, "Required.").max(80, "At most 80 characters.")),
  viewId: z.string().uuid("Choose a saved view."),
  action: z.enum(SCHEDULE_ACTIONS),
  keyName: keyField.optional(),
  keyGroup: keyField.optional(),
  durationMinutes: durationMinutes.optional(),
  /** A five-field cron rule; or `runAt` for one time. */
  repeat: plainText(z.string().trim().max(100)).optional(),
  runAt: z.iso.datetime({ offset: true, message: "A date and time, e.g. 2026-12-08T02:00:00+08:00." }).optional(),
  timeZone: z.string().trim().max(64).refine(isTimeZone, "Not a time zone (e.g. Asia/Shanghai, UTC)."),
  reason,
  maxInstances: whole().min(1, "At least 1.").max(100_000, "At most 100000."),
  maxConcurrent: whole().min(1, "At least 1.").max(MAX_CONCURRENT, `At most ${MAX_CONCURRENT}.`),
  maxPerSecond: z.number({ message: "A number." }).min(0.1, "At least 0.1.").max(MAX_PER_SECOND, `At most ${MAX_PER_SECOND}.`),
  stopFailuresCount: whole().min(1, "At least 1.").optional(),
  stopFailuresPercent: whole().min(1, "At least 1.").max(100, "At most 100.").optional(),
  graceMinutes: whole()
    .min(0, "At least 0.")
    .max(24 * 60, "At most 1440.")
    .default(15),
};

interface Checked {
  action: ScheduleAction;
  keyName?: string;
  keyGroup?: string;
  durationMinutes?: number;
  repeat?: string;
  runAt?: string;
}

function checkSchedule(v: Checked, ctx: z.RefinementCtx): void {
  if (!v.repeat === !v.runAt) ctx.addIssue({ code: "custom", message: "Give a repeat rule or one time, not both.", path: ["repeat"] });
  if (v.repeat) {
    const problem = cronProblem(v.repeat);
    if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["repeat"] });
  }
  if (v.action === "login.open") {
    if (!v.keyName && !v.keyGroup)
      ctx.addIssue({ code: "custom", message: "Choose a key or a key group to open login with.", path: ["keyName"] });
    if (v.durationMinutes === undefined)
      ctx.addIssue({ code: "custom", message: "Choose how long the login stays open.", path: ["durationMinutes"] });
  } else if (v.durationMinutes !== undefined) {
    ctx.addIssue({ code: "custom", message: "Only an open takes a duration.", path: ["durationMinutes"] });
  }
}

/** The schedule's id is fixed at parse, so its creation's audit record names it as its target. */
export const createScheduleInput = z
  .strictObject(scheduleFields)
  .superRefine(checkSchedule)
  .transform((v) => ({ ...v, scheduleId: crypto.randomUUID() }));
export type CreateScheduleInput = z.output<typeof createScheduleInput>;

export const updateScheduleInput = z.strictObject({ scheduleId: z.string().uuid(), ...scheduleFields }).superRefine(checkSchedule);
export type UpdateScheduleInput = z.output<typeof updateScheduleInput>;

export const scheduleIdInput = z.strictObject({ scheduleId: z.string().uuid() });
export const pauseScheduleInput = z.strictObject({ scheduleId: z.string().uuid(), paused: z.boolean() });

export const exampleInputs = {
  "schedule.create": {
    name: "Nightly reboot of node A",
    viewId: "00000000-0000-4000-8000-000000000000",
    action: "instance.reboot",
    repeat: "0 2 * * *",
    timeZone: "Asia/Shanghai",
    reason: "TICKET-1",
    maxInstances: 100,
    maxConcurrent: 5,
    maxPerSecond: 2,
  },
  "schedule.update": {
    scheduleId: "00000000-0000-4000-8000-000000000000",
    name: "Nightly reboot of node A",
    viewId: "00000000-0000-4000-8000-000000000000",
    action: "instance.reboot",
    repeat: "0 3 * * *",
    timeZone: "UTC",
    reason: "TICKET-1",
    maxInstances: 100,
    maxConcurrent: 5,
    maxPerSecond: 2,
  },
  "schedule.set_paused": { scheduleId: "00000000-0000-4000-8000-000000000000", paused: true },
  "schedule.delete": { scheduleId: "00000000-0000-4000-8000-000000000000" },
} satisfies ExampleInputs;
