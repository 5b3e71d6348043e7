import Link from "next/link";
import { CopyButton } from "@/components/copy-button";
import { formatUtc } from "./format";
import { ResolutionNote } from "./resolution-note";
import type { EventPreview, HistoryRow, Preview } from "@/lib/history/row";

function Value({ value, more }: { value: Preview; more?: string }) {
  return (
    <>
      <pre className="max-h-60 overflow-auto rounded bg-white p-2 text-xs dark:bg-slate-950">{value.text}</pre>
      {value.truncated && (
        <p className="mt-1 text-xs text-slate-500">
          Cut short here.{" "}
          {more && (
            <Link href={more} className="text-sky-700 underline dark:text-sky-400">
              Show the stored value
            </Link>
          )}
        </p>
      )}
    </>
  );
}

function EventBlock({ title, event, more }: { title: string; event: EventPreview | null; more?: string }) {
  return (
    <section aria-label={title} className="min-w-0 flex-1">
      <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      {event ? (
        <>
          <p className="mb-1 text-xs">
            Event {event.id} at {formatUtc(event.at)}
          </p>
          <Value value={event.json} more={more} />
        </>
      ) : (
        <p className="text-xs text-slate-500">
          None
          {title.startsWith("Completed")
            ? ": still in flight, or the console stopped before ENS answered."
            : title.startsWith("Resolved")
              ? ": not checked against ENS yet."
              : "."}
        </p>
      )}
    </section>
  );
}

/** The params, result and both events of one operation; `more` links to the full stored values. */
export function OperationDetail({ row, more }: { row: HistoryRow; more?: string }) {
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <span>Operation</span>
        <span className="font-mono">{row.operationId}</span>
        <CopyButton value={row.operationId} label="Copy operation id" />
        {more && (
          <Link href={more} className="text-sky-700 underline dark:text-sky-400">
            Open on its own page
          </Link>
        )}
      </div>
      {row.hidden.length > 0 && (
        <p className="text-xs text-slate-500">Hidden for your role (auditors and admins see them): {row.hidden.join(", ")}.</p>
      )}
      {row.errorMessage && (
        <p className="text-sm">
          <span className="font-mono font-semibold">{row.errorCode}</span>: {row.errorMessage}
        </p>
      )}
      <section aria-label="Params">
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Params</h3>
        {row.params ? <Value value={row.params} more={more} /> : <pre className="rounded bg-white p-2 text-xs dark:bg-slate-950">null</pre>}
      </section>
      {row.result && (
        <section aria-label="Result">
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Result</h3>
          <Value value={row.result} more={more} />
        </section>
      )}
      {row.resolution && (
        <p className="text-sm">
          Outcome <span className="font-mono">unknown</span>
          <ResolutionNote found={row.resolution.found} reason={row.resolution.found === "unknown" ? row.resolution.reason : null} />
          {row.resolution.found !== "unknown" && row.resolution.reason ? ` (${row.resolution.reason})` : ""}, checked against ENS at{" "}
          {formatUtc(row.resolution.at)}.
        </p>
      )}
      <div className="flex flex-col gap-3 lg:flex-row">
        <EventBlock title="Requested event" event={row.requested} more={more} />
        <EventBlock title="Completed event" event={row.completed} more={more} />
        {(row.resolved || row.outcome === "unknown") && <EventBlock title="Resolved event" event={row.resolved} more={more} />}
      </div>
    </div>
  );
}
