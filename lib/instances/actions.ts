import "server-only";
import type { ActionSpec } from "../action-spec";
import { exportInstances } from "./export-instances";
import { parseView, viewToSearch } from "./list-params";
import { exportInstancesInput } from "./schema";

// The instance list export: lib/actions/instances-export.ts binds it to the wrapper in one line;
// the route bounds how many run and start (lib/http/export-admission.ts).

export const exportInstancesSpec = {
  name: "instances.export",
  input: exportInstancesInput,
  audit: "event",
  // The view as the list understands it (known parameters, parsed), never the query string as sent.
  auditParams: (i) => ({ format: i.format, view: viewToSearch(parseView(new URLSearchParams(i.view))).slice(1) }),
  auditResult: (r) => ({ rows: r.rows }),
  handler: (i) => exportInstances(i),
} satisfies ActionSpec<typeof exportInstancesInput, Awaited<ReturnType<typeof exportInstances>>>;
