import "server-only";
import { csvLine } from "../audit/export";
import type { InstanceView } from "./view";

export const INSTANCE_CSV_COLUMNS = [
  "instance_id",
  "name",
  "server_id",
  "server_name",
  "ens_node",
  "spec",
  "image_id",
  "ip",
  "state",
  "status",
  "tags",
  "login_open",
  "login_keys",
  "login_expires_at",
  "login_opened_by",
  "login_reason",
  "login_opened_outside",
  "login_access",
] as const;

/** Who can log in, in one cell: `personal key of <email>`, `shared key group <G>` or `shared key <K>`. */
function accessCell(r: InstanceView): string | null {
  const a = r.login.access;
  if (!a) return null;
  if (a.kind === "personal") return `personal key of ${a.owner}`;
  return a.keyGroup ? `shared key group ${a.keyGroup}` : `shared key ${a.keyName ?? ""}`.trim();
}

function cells(r: InstanceView): unknown[] {
  const lease = r.login.lease ?? null;
  return [
    r.id,
    r.name,
    r.serverId,
    r.serverName,
    r.node,
    r.spec,
    r.imageId,
    r.ip,
    r.state,
    r.status,
    r.tags.join(";"),
    r.login.open,
    r.login.keys.join(";"),
    lease?.expiresAt ?? null,
    lease?.openedBy ?? null,
    lease?.reason ?? null,
    !!r.login.outside,
    accessCell(r),
  ];
}

const jsonl = (r: InstanceView) => `${JSON.stringify(Object.fromEntries(INSTANCE_CSV_COLUMNS.map((c, i) => [c, cells(r)[i]])))}\n`;

/**
 * The rows of an instance view as CSV (cells quoted, formulas neutralised, as the history export)
 * or JSON Lines, produced in batches as the consumer reads, yielding to the event loop between them.
 */
export function instanceExportStream(rows: InstanceView[], format: "csv" | "jsonl", batch = 500): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let at = format === "csv" ? -1 : 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (at === -1) {
          at = 0;
          controller.enqueue(encoder.encode(csvLine([...INSTANCE_CSV_COLUMNS])));
          return;
        }
        if (at >= rows.length) return controller.close();
        // Other requests' callbacks run between batches, however many rows the view holds.
        await new Promise((resolve) => setImmediate(resolve));
        const slice = rows.slice(at, at + batch);
        at += batch;
        controller.enqueue(encoder.encode(slice.map((r) => (format === "csv" ? csvLine(cells(r)) : jsonl(r))).join("")));
      },
    },
    { highWaterMark: 1 },
  );
}
