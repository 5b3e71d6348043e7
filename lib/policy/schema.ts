import { z } from "../validation/zod";
import { MAX_LOGIN_MINUTES, MIN_LOGIN_MINUTES } from "../validation/limits";

// The access policy admins edit on /settings/access: whether operators and admins open logins and
// share images directly or by request, who approves, the caps, break-glass. Flat, so the form's
// fields are its keys. Client-safe.

const minutes = z.number({ message: "A whole number of minutes." }).int("A whole number of minutes.");

/** The policy as stored and as the form submits it. */
export const accessPolicyInput = z.strictObject({
  /** `direct`: operators and admins open at once; `approval`: they request too. Requesters always request. */
  loginMode: z.enum(["direct", "approval"]),
  /** Approvals a login request needs, from distinct people. */
  loginApprovals: z.union([z.literal(1), z.literal(2)]),
  /** Who may approve a login request. */
  loginApprovers: z.enum(["operators", "admins"]),
  /** The longest login a request may ask for. */
  loginMaxMinutes: minutes
    .min(MIN_LOGIN_MINUTES, `At least ${MIN_LOGIN_MINUTES} minute.`)
    .max(MAX_LOGIN_MINUTES, `At most 24 hours (${MAX_LOGIN_MINUTES} minutes).`),
  /** How long a request waits for its decisions before it expires. */
  requestWaitMinutes: minutes.min(5, "At least 5 minutes.").max(7 * 24 * 60, "At most 7 days (10080 minutes)."),
  /** `approval`: the two-person rule (one other person approves every share). */
  shareMode: z.enum(["direct", "approval"]),
  breakGlass: z.boolean(),
  /** Logins open only with the opener's (or requester's) own personal key: no shared key or group. */
  personalKeysOnly: z.boolean().default(false),
});
export type AccessPolicy = z.infer<typeof accessPolicyInput>;

/** A new deployment: today's behaviour for operators and admins; requesters request; break-glass allowed. */
export const DEFAULT_POLICY: AccessPolicy = {
  loginMode: "direct",
  loginApprovals: 1,
  loginApprovers: "operators",
  loginMaxMinutes: MAX_LOGIN_MINUTES,
  requestWaitMinutes: 30,
  shareMode: "direct",
  breakGlass: true,
  personalKeysOnly: false,
};
