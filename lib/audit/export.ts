import type { Db } from "../db/client";
import type { ExportFormat, HistoryFilter } from "../validation/history-filter";
import { listOperations, type Cursor, type OperationRow } from "./query";

export const CSV_COLUMNS = [
  "operation_id",
  "at",
  "actor_email",
  "actor_role",
  "action",
  "target_type",
  "target_id",
  "outcome",
  "error_code",
  "error_message",
  "ens_request_id",
  "duration_ms",
  "source_ip",
  "bulk_id",
  "params",
  "result",
] as const;

/**
 * One CSV cell. A spreadsheet runs a cell that starts with = + - @ (or a tab or CR, which some
 * strip first) as a formula, so such cells get a leading `'`; then RFC 4180 quoting.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export function csvRecord(r: OperationRow): string {
  return csvLine([
    r.operationId,
    r.at,
    r.actorEmail,
    r.actorRole,
    r.action,
    r.targetType,
    r.targetId,
    r.outcome,
    r.errorCode,
    r.errorMessage,
    r.ensRequestId,
    r.durationMs,
    r.sourceIp,
    r.bulkId,
    r.params,
    r.result,
  ]);
}

export function jsonlRecord(r: OperationRow): string {
  const { cursor: _cursor, ...rest } = r;
  return `${JSON.stringify(rest)}\n`;
}

export interface ExportOptions {
  format: ExportFormat;
  batchSize?: number;
  /** Rows up to this instant only, so the export's own audit event and later ones stay out. */
  asOf?: Date;
  now?: Date;
}

/**
 * The filtered operations as a byte stream, newest first. Pull-based: the next keyset batch is
 * read only when the consumer asks for more, so memory stays flat however many rows there are.
 */
export function exportStream(db: Db, filter: HistoryFilter, opts: ExportOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batchSize = opts.batchSize ?? 2000;
  const now = opts.now ?? new Date();
  let cursor: Cursor | null = { at: (opts.asOf ?? now).toISOString(), id: Number.MAX_SAFE_INTEGER };
  let headerSent = opts.format !== "csv";
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(csvLine([...CSV_COLUMNS])));
          return;
        }
        if (!cursor) return controller.close();
        const page = await listOperations(db, filter, { limit: batchSize, before: cursor, now });
        const fmt = opts.format === "csv" ? csvRecord : jsonlRecord;
        let chunk = "";
        for (const r of page.rows) chunk += fmt(r);
        if (chunk) controller.enqueue(encoder.encode(chunk));
        cursor = page.older;
        if (!cursor) controller.close();
      },
    },
    { highWaterMark: 1 },
  );
}

export function exportFileName(format: ExportFormat, at = new Date()): string {
  return `aic-history-${at.toISOString().replace(/[:.]/g, "-").slice(0, 19)}.${format === "csv" ? "csv" : "jsonl"}`;
}

export const EXPORT_CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
};
