import "server-only";
import type { ActionSpec } from "../action-spec";
import { exportAccessReport } from "./export";
import { exportAccessReportInput } from "./schema";

// The access report's export: lib/actions/access-report.ts binds it to the wrapper in one line.
// Audited like the History's export (the filter as parsed); auditors and admins (history.export).

export const exportAccessReportSpec = {
  name: "report.access_export",
  input: exportAccessReportInput,
  audit: "event",
  auditParams: (input) => input,
  handler: async (input, ctx) => exportAccessReport(ctx.db, input),
} satisfies ActionSpec<typeof exportAccessReportInput, ReturnType<typeof exportAccessReport>>;
