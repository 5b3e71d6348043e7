import { csvLine } from "../audit/export";
import { takeCheckpoint, type Checkpoint } from "../audit/checkpoint";
import { loadSigningKey, type SigningKey } from "../audit/checkpoint-key";
import type { Cursor } from "../audit/query";
import type { Db } from "../db/client";
import { INTERVAL_LINE_KIND } from "./derive";
import { listIntervals, type IntervalRow } from "./query";
import type { AccessReportFilter } from "./schema";

// The access report as CSV or JSON Lines. A JSON Lines line is one interval: what the console
// derives from its events (lib/access-report/derive.ts), the events themselves (every stored
// field, prev_hash and hash, grouped by operation), and `context` from outside the audit log (the
// key's owner, the key group's people), which no hash covers. The last line is a checkpoint
// signed at the newest event in the file: `npm run audit:verify -- --file` checks each event, each
// line against its events, and the checkpoint, offline.

export const REPORT_CSV_COLUMNS = [
  "instance_id",
  "from",
  "to",
  "origin",
  "key_name",
  "key_group",
  "key_owner",
  "group_people",
  "keys",
  "opened_by",
  "reason",
  "request_id",
  "approved_by",
  "expires_at",
  "extends",
  "adopted_by",
  "ending",
  "ended_by",
  "open_operation_id",
  "end_operation_id",
] as const;

export function reportCsvRecord(r: IntervalRow): string {
  const f = r.fields;
  return csvLine([
    f.instanceId,
    f.from,
    f.to,
    f.origin,
    f.keyName,
    f.keyGroup,
    r.keyOwner?.email ?? null,
    r.groupPeople,
    f.keys?.join(" ") ?? null,
    f.openedBy,
    f.reason,
    f.requestId,
    f.approvedBy?.join(" ") ?? null,
    f.expiresAt,
    f.extends.length ? f.extends.map((e) => `${e.at} ${e.by ?? ""} -> ${e.expiresAt ?? ""}`).join("; ") : null,
    f.adoptedBy,
    f.ending,
    f.endedBy,
    f.openOperationId,
    f.endOperationId,
  ]);
}

export function reportJsonlRecord(r: IntervalRow): string {
  return `${JSON.stringify({
    kind: INTERVAL_LINE_KIND,
    ...r.fields,
    context: { keyOwner: r.keyOwner, groupPeople: r.groupPeople },
    operations: r.operations,
  })}\n`;
}

export interface ReportTrailer {
  checkpoint: Checkpoint | null;
  unanchored?: string;
  export: { report: "access"; filtered: true; filter: AccessReportFilter; range: { from: string; to: string }; intervals: number };
}

export interface ReportExportOptions {
  format: "csv" | "jsonl";
  now?: Date;
  batchSize?: number;
  /** Signs the closing checkpoint; undefined = AUDIT_SIGNING_KEY_FILE, null = none. */
  signingKey?: SigningKey | null;
}

/** The report's intervals as a byte stream, a page at a time, pulled by its reader (no read-ahead). */
export function reportExportStream(db: Db, filter: AccessReportFilter, opts: ReportExportOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const now = opts.now ?? new Date();
  // The range fixed once, so every page reads the same one.
  const pinned: AccessReportFilter = { ...filter, to: filter.to ?? now.toISOString() };
  let cursor: Cursor | null = null;
  let started = false;
  let headerSent = opts.format !== "csv";
  let intervals = 0;
  let newest = 0;
  let range = { from: "", to: "" };
  const finish = async (controller: ReadableStreamDefaultController<Uint8Array>) => {
    if (opts.format === "jsonl") {
      const key = opts.signingKey === undefined ? loadSigningKey() : opts.signingKey;
      const info = { report: "access" as const, filtered: true as const, filter, range, intervals };
      let t: ReportTrailer;
      if (!key) t = { checkpoint: null, unanchored: "no signing key is configured on the console (AUDIT_SIGNING_KEY_FILE)", export: info };
      else if (!newest) t = { checkpoint: null, unanchored: "the export holds no event", export: info };
      else t = { checkpoint: await takeCheckpoint(db, key, { headId: newest }), export: info };
      controller.enqueue(encoder.encode(`${JSON.stringify(t)}\n`));
    }
    controller.close();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(csvLine([...REPORT_CSV_COLUMNS])));
          return;
        }
        if (started && !cursor) return finish(controller);
        started = true;
        await new Promise((resolve) => setImmediate(resolve));
        const page = await listIntervals(db, pinned, { limit: opts.batchSize ?? 100, before: cursor, now });
        range = page.range;
        let chunk = "";
        for (const r of page.rows) {
          chunk += opts.format === "csv" ? reportCsvRecord(r) : reportJsonlRecord(r);
          intervals++;
          for (const op of r.operations)
            for (const e of [op.requested, op.completed, op.resolved]) if (e) newest = Math.max(newest, Number(e.id));
        }
        if (chunk) controller.enqueue(encoder.encode(chunk));
        cursor = page.older;
        if (!cursor) await finish(controller);
      },
    },
    { highWaterMark: 0 },
  );
}

export function reportFileName(format: "csv" | "jsonl", at = new Date()): string {
  return `aic-access-report-${at.toISOString().replace(/[:.]/g, "-").slice(0, 19)}.${format}`;
}

/** The export for the action: pinned to now, so every page reads the same range. */
export function exportAccessReport(db: Db, input: AccessReportFilter & { format: "csv" | "jsonl" }) {
  const { format, ...filter } = input;
  return { format, stream: reportExportStream(db, filter, { format, now: new Date() }) };
}
