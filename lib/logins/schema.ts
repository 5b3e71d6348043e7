import { z } from "../validation/zod";
import type { ExampleInputs } from "../action-spec";
import { instanceId, keyField } from "../validation/ids";
import { MAX_LOGIN_MINUTES, MIN_LOGIN_MINUTES, REASON_MAX, REASON_MIN } from "../validation/limits";
import { plainText } from "../validation/plain-text";

// The expiry and reason of a login: shared by the open-login dialog, the bulk dialog, the extend
// and adopt forms, and the actions that check them again on the server.

export const reason = plainText(
  z
    .string()
    .trim()
    .min(REASON_MIN, `At least ${REASON_MIN} characters: a ticket id or a sentence.`)
    .max(REASON_MAX, `At most ${REASON_MAX} characters.`),
);

export const durationMinutes = z
  .number({ message: "A whole number of minutes." })
  .int("A whole number of minutes.")
  .min(MIN_LOGIN_MINUTES, `At least ${MIN_LOGIN_MINUTES} minute.`)
  .max(MAX_LOGIN_MINUTES, `At most 24 hours (${MAX_LOGIN_MINUTES} minutes).`);

/** The fields an open adds: how long (or, where the deployment allows it, no expiry) and why. */
export const expiryFields = {
  durationMinutes: durationMinutes.optional(),
  /** Only where CONSOLE_LOGIN_ALLOW_NO_EXPIRY is on; the server refuses it otherwise. */
  noExpiry: z.literal(true).optional(),
  reason: reason.optional(),
};

interface ExpiryInput {
  action?: "open" | "close";
  durationMinutes?: number;
  noExpiry?: true;
  reason?: string;
}

/** An open needs a reason and exactly one of a duration or "no expiry"; a close takes neither. */
export function checkExpiry(v: ExpiryInput, ctx: z.RefinementCtx): void {
  if (v.action === "close") {
    if (v.durationMinutes !== undefined || v.noExpiry || v.reason !== undefined)
      ctx.addIssue({ code: "custom", message: "A close takes no duration or reason.", path: ["durationMinutes"] });
    return;
  }
  if (v.reason === undefined) ctx.addIssue({ code: "custom", message: "Give a reason: a ticket id or a sentence.", path: ["reason"] });
  if (v.durationMinutes === undefined && !v.noExpiry)
    ctx.addIssue({ code: "custom", message: "Choose how long the login stays open.", path: ["durationMinutes"] });
  if (v.durationMinutes !== undefined && v.noExpiry)
    ctx.addIssue({ code: "custom", message: "Choose a duration or no expiry, not both.", path: ["noExpiry"] });
}

/** When a login opened now for `minutes` closes (ISO); null for no expiry. */
export function expiryFrom(minutes: number | undefined, now = Date.now()): string | null {
  return minutes === undefined ? null : new Date(now + minutes * 60_000).toISOString();
}

/** What a login change says, on one instance or many: open or close, with which key, for how long and why. */
export const loginChangeFields = {
  action: z.enum(["open", "close"]),
  keyName: keyField.optional(),
  keyGroup: keyField.optional(),
  ...expiryFields,
};

/** An open names a key or a key group, and its expiry and reason (checkExpiry). */
export function checkLoginChange(v: ExpiryInput & { keyName?: string; keyGroup?: string }, ctx: z.RefinementCtx): void {
  if (v.action === "open" && !v.keyName && !v.keyGroup)
    ctx.addIssue({ code: "custom", message: "Choose a key or a key group to open login with.", path: ["keyName"] });
  checkExpiry(v, ctx);
}

/**
 * Shared by the toggle dialog and the server action. An open carries its duration (or "no
 * expiry") and a reason; parsing fixes `expiresAt` once, so the audit record and the console's
 * expiry name the same time.
 */
export const setLoginInput = z
  .strictObject({ instanceId, ...loginChangeFields })
  .superRefine(checkLoginChange)
  .transform((v) => ({ ...v, expiresAt: v.action === "open" ? expiryFrom(v.durationMinutes) : null }));

export type SetLoginInput = z.output<typeof setLoginInput>;
export type SetLoginFormInput = z.input<typeof setLoginInput>;

/** Extend a login by a number of minutes (from its current expiry) or to a time; at most 24 h from now. */
export const extendLoginInput = z
  .strictObject({
    instanceId,
    byMinutes: durationMinutes.optional(),
    until: z.iso.datetime({ offset: true, message: "A date and time, e.g. 2026-12-02T18:30:00Z." }).optional(),
  })
  .refine((v) => (v.byMinutes === undefined) !== (v.until === undefined), {
    message: "Extend by a number of minutes or to a time.",
    path: ["byMinutes"],
  });
export type ExtendLoginInput = z.infer<typeof extendLoginInput>;

/** Adopt a login opened outside the console: the console then holds it like its own, with an expiry and a reason. */
export const adoptLoginInput = z
  .strictObject({ instanceId, ...expiryFields, reason })
  .superRefine((v, ctx) => checkExpiry({ ...v, action: "open" }, ctx));
export type AdoptLoginInput = z.infer<typeof adoptLoginInput>;

export const exampleInputs = {
  "login.set": { instanceId: "aic-hostile-0", action: "open", keyName: "support-adb-key", durationMinutes: 60, reason: "TICKET-1" },
  "login.extend": { instanceId: "aic-hostile-0", byMinutes: 60 },
  "login.adopt": { instanceId: "aic-hostile-0", durationMinutes: 60, reason: "TICKET-1" },
} satisfies ExampleInputs;
