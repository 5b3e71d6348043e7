import { z } from "../validation/zod";
import type { ExampleInputs } from "../action-spec";

/** Mark some notifications read (by id), or all of them. */
export const markReadInput = z.union([
  z.strictObject({ ids: z.array(z.number().int().positive()).min(1).max(100) }),
  z.strictObject({ all: z.literal(true) }),
]);
export type MarkReadInput = z.infer<typeof markReadInput>;

export const inboxFilter = z.object({
  unread: z.enum(["1"]).optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

export const exampleInputs = {
  "notification.mark_read": { ids: [1] },
} satisfies ExampleInputs;
