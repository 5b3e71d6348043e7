import { z } from "zod";

/** ShareAICImage takes at most this many UIDs per call (ens-api.md §2). */
export const ENS_SHARE_BATCH = 10;
/** The most recipients one console request may carry; the action splits them into ENS batches. */
export const MAX_SHARE_USERS = 100;

const UID = /^\d{16}$/;
/** What separates entries in pasted or typed text. */
export const UID_SEPARATORS = /[\s,;]+/;

/** Why `value` is not an Alibaba Cloud account UID, or null when it is one. */
export function uidProblem(value: string): string | null {
  if (UID.test(value)) return null;
  if (!/^\d+$/.test(value)) return "Only digits are allowed; an account UID is 16 digits.";
  return `An account UID has exactly 16 digits; this has ${value.length}.`;
}

/** Splits pasted or typed text into trimmed, non-empty entries (order kept, duplicates kept). */
export function splitUids(text: string): string[] {
  return text.split(UID_SEPARATORS).map((s) => s.trim()).filter(Boolean);
}

export interface MergeResult {
  /** `existing` followed by the new, distinct entries. */
  values: string[];
  /** Entries that were dropped because they were already there (each listed once). */
  duplicates: string[];
}

/** Adds `incoming` to `existing`, dropping anything already present. */
export function mergeUids(existing: readonly string[], incoming: readonly string[]): MergeResult {
  const seen = new Set(existing);
  const values = [...existing];
  const duplicates = new Set<string>();
  for (const v of incoming) {
    if (seen.has(v)) duplicates.add(v);
    else {
      seen.add(v);
      values.push(v);
    }
  }
  return { values, duplicates: [...duplicates] };
}

/** Splits `items` into consecutive groups of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const uidSchema = z.string().trim().superRefine((v, ctx) => {
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
