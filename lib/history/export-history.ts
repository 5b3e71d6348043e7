import "server-only";
import { exportStream } from "../audit/export";
import type { ExportInput } from "../audit/filter";
import type { Db } from "../db/client";

/** The events a filter matches as a CSV or JSON Lines stream, pinned to now so the export never contains its own event. */
export function exportHistory(db: Db, input: ExportInput) {
  const { format, ...filter } = input;
  return { format, stream: exportStream(db, filter, { format, asOf: new Date() }) };
}
