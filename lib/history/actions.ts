import "server-only";
import type { ActionSpec } from "../action-spec";
import { exportHistory } from "./export-history";
import { exportHistoryInput } from "./schema";

// The History export: lib/actions/history-export.ts binds it to the wrapper in one line. Denied
// and rejected exports are audited like every action; an accepted one records the filter.

export const exportHistorySpec = {
  name: "history.export",
  input: exportHistoryInput,
  audit: "event",
  auditParams: (input) => input,
  // Pinned inside the handler, before the audit event is written, so the export never contains itself.
  handler: async (input, ctx) => exportHistory(ctx.db, input),
} satisfies ActionSpec<typeof exportHistoryInput, ReturnType<typeof exportHistory>>;
