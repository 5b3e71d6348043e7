import "server-only";
import { instanceExportStream } from "./export";
import { parseView } from "./list-params";
import { matchingInstancesWithAccess } from "./read";

/** Every instance the view matches, as a CSV or JSON Lines stream, with the row count. */
export async function exportInstances(input: { format: "csv" | "jsonl"; view: string }) {
  const matching = await matchingInstancesWithAccess(parseView(new URLSearchParams(input.view)));
  return { format: input.format, rows: matching.length, stream: instanceExportStream(matching, input.format) };
}
