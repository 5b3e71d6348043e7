import { z } from "../validation/zod";
import type { ExampleInputs } from "../action-spec";
import { instanceId } from "../validation/ids";
import { checkLoginChange, durationMinutes, loginChangeFields, reason } from "../logins/schema";
import { plainText } from "../validation/plain-text";
import { isJobCursor } from "./cursor";
import { JOB_LIST_KINDS } from "./types";

/** The most instances one job may name. */
export const MAX_JOB_ITEMS = 100_000;

/**
 * Which instances: the ids the user ticked, or "all N matching" a list filter (the instances
 * page's query string), which the server resolves again and refuses when it no longer gives N.
 */
export const selection = z.union([
  z.strictObject({ ids: z.array(instanceId).min(1, "Choose at least one instance.").max(MAX_JOB_ITEMS) }),
  z.strictObject({ filter: plainText(z.string().max(2000)), expected: z.number().int().min(1).max(MAX_JOB_ITEMS) }),
]);
export type Selection = z.infer<typeof selection>;

/** "Stop when failures exceed": a count, or a percentage of the items (lib/jobs/job-rate.ts). */
export const stopRuleFields = {
  stopFailuresCount: z.number().int().min(1, "At least 1.").max(MAX_JOB_ITEMS).optional(),
  stopFailuresPercent: z.number().int().min(1, "At least 1.").max(100, "At most 100.").optional(),
};

/** The job's rate params for a stop rule, if one was given. */
export function stopRuleOf(i: { stopFailuresCount?: number; stopFailuresPercent?: number }) {
  return i.stopFailuresCount || i.stopFailuresPercent
    ? { rate: { stopFailuresCount: i.stopFailuresCount ?? null, stopFailuresPercent: i.stopFailuresPercent ?? null } }
    : {};
}

/** Shared by the bulk dialog and the startLoginOperation action. The input keeps its field names (the browser sends them). */
export const startLoginJobInput = z.strictObject({ selection, ...loginChangeFields, ...stopRuleFields }).superRefine(checkLoginChange);
export type StartLoginJobInput = z.infer<typeof startLoginJobInput>;

/**
 * Reboot or reset, of one instance or many. A reset must be confirmed by typing the instance id
 * (one) or the number of instances (many): `confirm` is checked here, so the server refuses a
 * reset the dialog did not confirm.
 */
export const startPowerJobInput = z
  .strictObject({
    action: z.enum(["reboot", "reset"]),
    selection,
    confirm: z.string().trim().max(200).optional(),
    ...stopRuleFields,
  })
  .refine((v) => v.action !== "reset" || v.confirm === resetConfirmation(v.selection), {
    message: "Type the instance id (one instance) or the number of instances to confirm the reset.",
    path: ["confirm"],
  });
export type StartPowerJobInput = z.infer<typeof startPowerJobInput>;

/** What the user must type to confirm a reset of `s`. */
export function resetConfirmation(s: Selection): string {
  if ("ids" in s) return s.ids.length === 1 ? s.ids[0] : String(s.ids.length);
  return String(s.expected);
}

export const cancelJobInput = z.strictObject({ operationId: z.string().uuid() });
export const retryFailedInput = z.strictObject({ operationId: z.string().uuid() });
/** Reverting a close reopens: then a duration and a reason are needed (the service checks). */
export const revertJobInput = z.strictObject({
  operationId: z.string().uuid(),
  durationMinutes: durationMinutes.optional(),
  reason: reason.optional(),
});
export type CancelJobInput = z.infer<typeof cancelJobInput>;

/** The /operations list's filters, all in the URL. */
export const jobListFilter = z.object({
  kind: z.enum(JOB_LIST_KINDS).optional().catch(undefined),
  state: z.enum(["queued", "running", "finished", "cancelled"]).optional().catch(undefined),
  actor: plainText(z.string().trim().max(320)).optional().catch(undefined),
  cursor: z.string().refine(isJobCursor).optional().catch(undefined),
});
export type JobListFilter = z.infer<typeof jobListFilter>;

export const exampleInputs = {
  "operation.start_login": {
    action: "open",
    selection: { ids: ["aic-hostile-0"] },
    keyName: "support-adb-key",
    durationMinutes: 60,
    reason: "TICKET-1",
  },
  "operation.start_power": { action: "reboot", selection: { ids: ["aic-hostile-0"] } },
  "operation.cancel": { operationId: "00000000-0000-4000-8000-000000000000" },
  "operation.retry_failed": { operationId: "00000000-0000-4000-8000-000000000000" },
  "operation.revert": { operationId: "00000000-0000-4000-8000-000000000000", durationMinutes: 60, reason: "TICKET-1" },
} satisfies ExampleInputs;
