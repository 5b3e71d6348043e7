import type { Db } from "../db/client";
import { isFiltered, type ExportFormat, type HistoryFilter } from "./filter";
import { takeCheckpoint, type Checkpoint } from "./checkpoint";
import { loadSigningKey, type SigningKey } from "./checkpoint-key";
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
  "resolution",
  "resolved_at",
] as const;

/**
 * One CSV cell, always quoted (RFC 4180). A spreadsheet runs a cell that starts with = + - @ (or a
 * tab or CR, which some strip first) as a formula; some locales split on `;`, and a cell's later
 * lines can become cells of their own. So a `'` goes before any such trigger at the start, after a
 * `;` and at the start of every line inside the cell (spaces before the trigger included).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '""';
  const s = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  const guarded = s.replace(/(?<=^|[;\r\n])( *)(?=[=+\-@\t\r])/g, "'$1");
  return `"${guarded.replace(/"/g, '""')}"`;
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
    r.resolution?.found ?? null,
    r.resolution?.at ?? null,
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
  /** Signs the JSON Lines export's closing checkpoint; undefined = AUDIT_SIGNING_KEY_FILE, null = none. */
  signingKey?: SigningKey | null;
}

/** The last line of a JSON Lines export: the signed checkpoint it ends at, and what was exported. */
export interface ExportTrailer {
  checkpoint: Checkpoint | null;
  unanchored?: string;
  export: { filtered: boolean; filter: HistoryFilter; asOf: string; operations: number };
}

/**
 * Signs a checkpoint at the newest operation's first event. Every event up to it is in an
 * unfiltered export (events commit in id order, and their times follow their ids), so the file
 * links back from the checkpoint to the first event and can be checked offline.
 */
async function trailer(
  db: Db,
  filter: HistoryFilter,
  asOf: Date,
  operations: number,
  newestAnchor: number,
  key: SigningKey | null,
): Promise<string> {
  const info = { filtered: isFiltered(filter), filter, asOf: asOf.toISOString(), operations };
  let t: ExportTrailer;
  if (!key) t = { checkpoint: null, unanchored: "no signing key is configured on the console (AUDIT_SIGNING_KEY_FILE)", export: info };
  else if (!newestAnchor) t = { checkpoint: null, unanchored: "the export holds no event", export: info };
  else t = { checkpoint: await takeCheckpoint(db, key, { headId: newestAnchor }), export: info };
  return `${JSON.stringify(t)}\n`;
}

/** Operations per page of an export: small, so one page holds the event loop briefly (PGlite: ~10 ms, 46 ms at worst, at 60,000 events). */
export const EXPORT_PAGE_ROWS = 250;

/**
 * The filtered operations as a byte stream, newest first. Pull-based with no read-ahead
 * (highWaterMark 0): the next keyset batch is read only when the consumer asks for a chunk, so a
 * slow reader holds the console to one page at a time, however many rows there are
 * (lib/audit/test/export-backpressure.test.ts). Each page is one string encoded once, and nothing
 * keeps a page after it is handed on.
 */
export function exportStream(db: Db, filter: HistoryFilter, opts: ExportOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batchSize = opts.batchSize ?? EXPORT_PAGE_ROWS;
  const now = opts.now ?? new Date();
  const asOf = opts.asOf ?? now;
  let cursor: Cursor | null = { at: asOf.toISOString(), id: Number.MAX_SAFE_INTEGER };
  let headerSent = opts.format !== "csv";
  let operations = 0;
  let newestAnchor = 0;
  const finish = async (controller: ReadableStreamDefaultController<Uint8Array>) => {
    if (opts.format === "jsonl") {
      const key = opts.signingKey === undefined ? loadSigningKey() : opts.signingKey;
      controller.enqueue(encoder.encode(await trailer(db, filter, asOf, operations, newestAnchor, key)));
    }
    controller.close();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(csvLine([...CSV_COLUMNS])));
          return;
        }
        if (!cursor) return finish(controller);
        // Other requests' callbacks run between pages (on PGlite the query itself runs in-process).
        await new Promise((resolve) => setImmediate(resolve));
        // CSV needs the summary columns only (JSON Lines carries the whole events): reading just those
        // keeps the garbage per row small, and V8's heap with it (docs/performance.md).
        const page = await listOperations(db, filter, { limit: batchSize, before: cursor, now, summaryOnly: opts.format === "csv" });
        const fmt = opts.format === "csv" ? csvRecord : jsonlRecord;
        let chunk = "";
        for (const r of page.rows) {
          chunk += fmt(r);
          operations++;
          newestAnchor = Math.max(newestAnchor, r.cursor.id);
        }
        if (chunk) controller.enqueue(encoder.encode(chunk));
        cursor = page.older;
        if (!cursor) await finish(controller);
      },
    },
    { highWaterMark: 0 },
  );
}

export function exportFileName(format: ExportFormat, at = new Date()): string {
  return `aic-history-${at.toISOString().replace(/[:.]/g, "-").slice(0, 19)}.${format === "csv" ? "csv" : "jsonl"}`;
}

export const EXPORT_CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
};
