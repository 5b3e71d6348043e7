import { z } from "./zod";
import { MAX_LOGIN_MINUTES, MIN_LOGIN_MINUTES, REASON_MAX, REASON_MIN } from "./limits";
import { plainText } from "./plain-text";

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
