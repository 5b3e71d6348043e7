import "server-only";
import { matchingInstances } from "../instances/fleet";
import { instanceExportStream } from "../instances/export";
import { parseView, viewToSearch } from "../instances/view";
import { plainText } from "../validation/plain-text";
import { z } from "../validation/zod";
import { action } from "./action";

const exportInstancesInput = z.strictObject({
  format: z.enum(["csv", "jsonl"]).default("csv"),
  /** The instances page's query string: the view to export (all its matching rows). */
  view: plainText(z.string().max(2000)).default(""),
});

/**
 * The instance list export, behind the one wrapper like the history export: session, role,
 * validated input, one audit event with the view exported (normalised) and the row count. The
 * route bounds how many run and start (lib/http/export-admission.ts). Not a 'use server'
 * module: the stream goes to the route handler, never to a browser as an action result.
 */
export const exportInstances = action({
  name: "instances.export",
  permission: "fleet.read",
  input: exportInstancesInput,
  audit: "event",
  // The view as the list understands it (known parameters, parsed), never the query string as sent.
  auditParams: (i) => ({ format: i.format, view: viewToSearch(parseView(new URLSearchParams(i.view))).slice(1) }),
  auditResult: (r: { rows: number; stream: ReadableStream<Uint8Array> }) => ({ rows: r.rows }),
  handler: async (i) => {
    const matching = await matchingInstances(parseView(new URLSearchParams(i.view)));
    return { rows: matching.length, stream: instanceExportStream(matching, i.format) };
  },
});
