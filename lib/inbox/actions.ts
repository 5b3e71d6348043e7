import "server-only";
import type { ActionSpec } from "../action-spec";
import { markRead } from "./mark-read";
import { markReadInput } from "./schema";

// The spec of the inbox action: lib/actions/inbox.ts binds it to the wrapper in one line.

export const markReadSpec = {
  name: "notification.mark_read",
  input: markReadInput,
  audit: "event",
  target: () => null,
  auditResult: (r) => r,
  handler: (i, ctx) => markRead(ctx.db, ctx.user.id, i),
} satisfies ActionSpec<typeof markReadInput, { marked: number }>;
