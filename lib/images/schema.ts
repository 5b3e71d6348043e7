import { z } from "../validation/zod";
import type { ExampleInputs } from "../action-spec";
import { MAX_SHARE_USERS, uidProblem } from "./uid";

/** One Alibaba Cloud account UID (16 digits); the rules live in ./uid.ts, which the form uses without zod. */
export const uidField = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const problem = uidProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** An AIC image id as ENS names it; the share page parses its URL segment with it too. */
export const imageIdField = z
  .string()
  .trim()
  .min(1, "An image id is required.")
  .max(128, "An image id has at most 128 characters.")
  .regex(/^m-[0-9a-z]+$/, "An image id looks like m- followed by lowercase letters and digits.");

/** The one schema for a share request: the form checks it before submitting, the action again. */
export const shareImageInput = z.strictObject({
  imageId: imageIdField,
  users: z
    .array(uidField)
    .min(1, "Add at least one user ID.")
    .max(MAX_SHARE_USERS, `At most ${MAX_SHARE_USERS} user IDs per request.`)
    .refine((us) => new Set(us).size === us.length, "Each user ID may appear only once."),
});

export type ShareImageInput = z.infer<typeof shareImageInput>;

export const exampleInputs = {
  "image.share": { imageId: "m-1f2561e52a9e0854487599d9408c519", users: ["1234567890123456"] },
} satisfies ExampleInputs;
