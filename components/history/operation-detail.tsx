import { CopyButton } from "@/components/copy-button";
import type { AuditEventView, OperationRow } from "@/lib/audit/query";
import { formatUtc } from "./format";

function EventBlock({ title, event }: { title: string; event: AuditEventView | null }) {
  return (
    <section aria-label={title} className="min-w-0 flex-1">
      <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      {event ? (
        <>
          <p className="mb-1 text-xs">
            Event {event.id} at {formatUtc(new Date(event.at).toISOString())}
          </p>
          <pre className="max-h-80 overflow-auto rounded bg-white p-2 text-xs dark:bg-slate-950">{JSON.stringify(event, null, 2)}</pre>
        </>
      ) : (
        <p className="text-xs text-slate-500">None{title.startsWith("Completed") ? ": still in flight, or the console stopped before ENS answered." : "."}</p>
      )}
    </section>
  );
}

/** The full params and both events of one operation. */
export function OperationDetail({ row }: { row: OperationRow }) {
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <span>Operation</span>
        <span className="font-mono">{row.operationId}</span>
        <CopyButton value={row.operationId} label="Copy operation id" />
      </div>
      {row.errorMessage && (
        <p className="text-sm">
          <span className="font-mono font-semibold">{row.errorCode}</span>: {row.errorMessage}
        </p>
      )}
      <section aria-label="Params">
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Params</h3>
        <pre className="max-h-60 overflow-auto rounded bg-white p-2 text-xs dark:bg-slate-950">{JSON.stringify(row.params, null, 2)}</pre>
      </section>
      {row.result != null && (
        <section aria-label="Result">
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Result</h3>
          <pre className="max-h-60 overflow-auto rounded bg-white p-2 text-xs dark:bg-slate-950">{JSON.stringify(row.result, null, 2)}</pre>
        </section>
      )}
      <div className="flex flex-col gap-3 lg:flex-row">
        <EventBlock title="Requested event" event={row.requested} />
        <EventBlock title="Completed event" event={row.completed} />
      </div>
    </div>
  );
}
