import "server-only";
import { exportStream } from "../audit/export";
import { exportInputSchema } from "../validation/history-filter";
import { action } from "./action";

/**
 * The history export, behind the same wrapper as every server action: session, role, validated
 * filter, and one audit event carrying the filter (denied and rejected exports are audited too).
 * Not a 'use server' module: the stream is returned to the route handler, never to a browser.
 */
export const exportHistory = action({
  name: "history.export",
  permission: "history.export",
  input: exportInputSchema,
  audit: "event",
  auditParams: (input) => input,
  handler: async (input, ctx) => {
    const { format, ...filter } = input;
    // Pinned before the audit event is written, so the export never contains itself.
    return exportStream(ctx.db, filter, { format, asOf: new Date() });
  },
});
