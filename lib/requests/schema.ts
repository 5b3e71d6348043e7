import { z } from "../validation/zod";
import type { ExampleInputs } from "../action-spec";
import { instanceId, keyField } from "../validation/ids";
import { plainText } from "../validation/plain-text";
import { durationMinutes, expiryFrom, reason } from "../logins/schema";
import { selection } from "../jobs/schema";
import { imageIdField, shareImageInput } from "../images/schema";
import { accessPolicyInput, DEFAULT_POLICY, type AccessPolicy } from "../policy/schema";

// The policy.update action is this feature's; its schema lives with the policy, which the login,
// job and image actions read too.
export { accessPolicyInput, DEFAULT_POLICY, type AccessPolicy };

// Access on request: the policy admins edit, the request a requester submits, the decisions and
// the break-glass open. The forms and the actions parse the same schemas.

/** A break-glass open lasts at most this long, and its reason is at least this long. */
export const BREAK_GLASS_MAX_MINUTES = 60;
export const BREAK_GLASS_REASON_MIN = 20;
/** A decision's comment (a denial needs one). */
export const COMMENT_MAX = 512;

const comment = plainText(z.string().trim().max(COMMENT_MAX, `At most ${COMMENT_MAX} characters.`));

/** A login request: which instances (ids, or "all N matching" a filter), with which key, how long, why. */
export const loginRequestInput = z
  .strictObject({
    kind: z.literal("login"),
    selection,
    keyName: keyField.optional(),
    keyGroup: keyField.optional(),
    durationMinutes,
    reason,
  })
  .refine((v) => !!v.keyName || !!v.keyGroup, { message: "Choose a key or a key group to open login with.", path: ["keyName"] });

/** A share request: the image and the user IDs, exactly as the approver will see them. */
export const shareRequestInput = z.strictObject({
  kind: z.literal("share"),
  imageId: imageIdField,
  users: shareImageInput.shape.users,
  reason,
});

/** The request's id is fixed at parse, so its creation's audit record names it as its target. */
export const createRequestInput = z
  .discriminatedUnion("kind", [loginRequestInput, shareRequestInput])
  .transform((v) => ({ ...v, requestId: crypto.randomUUID() }));
export type CreateRequestInput = z.output<typeof createRequestInput>;
export type CreateRequestFormInput = z.input<typeof createRequestInput>;
export type LoginRequestInput = z.infer<typeof loginRequestInput>;
export type ShareRequestInput = z.infer<typeof shareRequestInput>;

const requestId = z.string().uuid("A request id.");

export const approveRequestInput = z.strictObject({ requestId, comment: comment.optional() });
export const denyRequestInput = z.strictObject({ requestId, comment: comment.pipe(z.string().min(1, "Say why you deny it.")) });
export const cancelRequestInput = z.strictObject({ requestId });
export type DecideRequestInput = z.infer<typeof approveRequestInput>;

/** Break-glass: open at once on one instance, for at most an hour, with a reason of 20 characters or more. */
export const breakGlassInput = z
  .strictObject({
    instanceId,
    keyName: keyField.optional(),
    keyGroup: keyField.optional(),
    durationMinutes: durationMinutes.max(BREAK_GLASS_MAX_MINUTES, `A break-glass login lasts at most ${BREAK_GLASS_MAX_MINUTES} minutes.`),
    reason: reason.pipe(z.string().min(BREAK_GLASS_REASON_MIN, `At least ${BREAK_GLASS_REASON_MIN} characters: say what is broken.`)),
  })
  .refine((v) => !!v.keyName || !!v.keyGroup, { message: "Choose a key or a key group to open login with.", path: ["keyName"] })
  // Fixed once at parse, as a toggle's: the audit record and the lease name the same instant.
  .transform((v) => ({ ...v, expiresAt: expiryFrom(v.durationMinutes) }));
export type BreakGlassInput = z.infer<typeof breakGlassInput>;

/** An admin marks a break-glass open reviewed (the open's audit operation names it). */
export const reviewBreakGlassInput = z.strictObject({
  operationId: z.string().uuid(),
  comment: comment.pipe(z.string().min(1, "Say what you found.")),
});

export const REQUEST_TABS = ["mine", "approve", "all", "review"] as const;
export type RequestTab = (typeof REQUEST_TABS)[number];
export const REQUEST_STATES = ["pending", "approved", "denied", "expired", "cancelled", "done", "failed"] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** The /requests list's filters, all in the URL. */
export const requestListFilter = z.object({
  tab: z.enum(REQUEST_TABS).catch("mine"),
  state: z.enum(REQUEST_STATES).optional().catch(undefined),
  kind: z.enum(["login", "share", "schedule"]).optional().catch(undefined),
  /** Older than this request's creation (ISO) and id: the next page. */
  before: z.string().max(80).optional().catch(undefined),
});
export type RequestListFilter = z.infer<typeof requestListFilter>;

export const exampleInputs = {
  "request.create": {
    kind: "login",
    selection: { ids: ["aic-hostile-0"] },
    keyName: "support-adb-key",
    durationMinutes: 60,
    reason: "TICKET-1",
  },
  "request.approve": { requestId: "00000000-0000-4000-8000-000000000000" },
  "request.deny": { requestId: "00000000-0000-4000-8000-000000000000", comment: "Not on this ticket" },
  "request.cancel": { requestId: "00000000-0000-4000-8000-000000000000" },
  "login.break_glass": {
    instanceId: "aic-hostile-0",
    keyName: "support-adb-key",
    durationMinutes: 30,
    reason: "INC-42 production outage, phones unreachable",
  },
  "login.review_break_glass": { operationId: "00000000-0000-4000-8000-000000000000", comment: "Checked with the on-call" },
  "policy.update": { ...DEFAULT_POLICY },
} satisfies ExampleInputs;

export { imageIdField };
