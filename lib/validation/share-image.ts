import { z } from "./zod";

import { chunk, ENS_SHARE_BATCH, MAX_SHARE_USERS, mergeUids, splitUids, uidProblem, UID_SEPARATORS, type MergeResult } from "./uid";

export { chunk, ENS_SHARE_BATCH, MAX_SHARE_USERS, mergeUids, splitUids, uidProblem, UID_SEPARATORS, type MergeResult };

export const uidSchema = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const problem = uidProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const imageIdSchema = z
  .string()
  .trim()
  .min(1, "An image id is required.")
  .max(128, "An image id has at most 128 characters.")
  .regex(/^m-[0-9a-z]+$/, "An image id looks like m- followed by lowercase letters and digits.");

/** The one schema for a share request: the form checks it before submitting, the action again. */
export const shareImageSchema = z.strictObject({
  imageId: imageIdSchema,
  users: z
    .array(uidSchema)
    .min(1, "Add at least one user ID.")
    .max(MAX_SHARE_USERS, `At most ${MAX_SHARE_USERS} user IDs per request.`)
    .refine((us) => new Set(us).size === us.length, "Each user ID may appear only once."),
});

export type ShareImageInput = z.infer<typeof shareImageSchema>;
