"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { setLogin } from "@/lib/actions/instances";
import { Dialog } from "@/components/dialog";
import { KeyPicker, describeChoice, parseChoice } from "./key-picker";
import { runBulk, type BulkItemResult } from "./bulk-runner";
import { queryKeys } from "@/lib/queries/query-keys";

/** Confirms, runs and reports a bulk open/close; every item is its own audited operation. */
export function BulkDialog({ ids, action, onClose }: { ids: string[]; action: "open" | "close"; onClose: () => void }) {
  const qc = useQueryClient();
  const [choice, setChoice] = useState("");
  const [phase, setPhase] = useState<"confirm" | "running" | "done">("confirm");
  const [done, setDone] = useState(0);
  const [results, setResults] = useState<BulkItemResult[]>([]);
  const abort = useRef<AbortController | null>(null);
  const key = parseChoice(choice);

  const start = async () => {
    setPhase("running");
    const bulkId = crypto.randomUUID();
    abort.current = new AbortController();
    const out = await runBulk(ids, (instanceId) => setLogin({ instanceId, action, ...(action === "open" ? key : {}), bulkId }), {
      concurrency: 4,
      signal: abort.current.signal,
      onItem: (_r, n) => setDone(n),
    });
    setResults(out);
    setPhase("done");
    await qc.invalidateQueries({ queryKey: queryKeys.fleet });
  };

  const failed = results.filter((r) => !r.ok);
  const title = `${action === "open" ? "Open" : "Close"} login on ${ids.length} instance${ids.length === 1 ? "" : "s"}`;
  return (
    <Dialog title={title} open onClose={phase === "running" ? () => abort.current?.abort() : onClose} wide>
      {phase === "confirm" && (
        <div className="space-y-4">
          {action === "open" && <KeyPicker value={choice} onChange={setChoice} />}
          <p className="text-sm">
            This will {action} login on <strong>{ids.length}</strong> instance{ids.length === 1 ? "" : "s"}
            {action === "open" ? (
              <>
                {" "}
                with <strong>{choice ? describeChoice(key) : "the chosen key"}</strong>
              </>
            ) : null}
            .
          </p>
          <div className="flex justify-end gap-2">
            <button type="button" className="btn-secondary" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="btn-primary" disabled={action === "open" && !choice} onClick={start}>
              {action === "open" ? "Open" : "Close"} login on {ids.length}
            </button>
          </div>
        </div>
      )}
      {phase !== "confirm" && (
        <div className="space-y-3">
          <div
            role="progressbar"
            aria-label="Bulk progress"
            aria-valuemin={0}
            aria-valuemax={ids.length}
            aria-valuenow={done}
            className="h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
          >
            <div className="h-full bg-sky-600 transition-all" style={{ width: `${(done / Math.max(ids.length, 1)) * 100}%` }} />
          </div>
          <p role="status" className="text-sm">
            {phase === "running"
              ? `${done} of ${ids.length} done…`
              : `${results.length - failed.length} ok, ${failed.length} failed${results.length < ids.length ? `, ${ids.length - results.length} not started (stopped)` : ""}.`}
          </p>
          {phase === "done" && failed.length > 0 && (
            <ul aria-label="Failed instances" className="max-h-60 overflow-auto text-sm">
              {failed.map((f) => (
                <li key={f.id} className="flex gap-2 border-t border-slate-200 py-1 dark:border-slate-800">
                  <span className="font-mono">{f.id}</span>
                  <span className="font-mono text-red-700 dark:text-red-300">{f.code}</span>
                  <span className="truncate text-slate-500">{f.message}</span>
                </li>
              ))}
            </ul>
          )}
          <div className="flex justify-end gap-2">
            {phase === "running" ? (
              <button type="button" className="btn-secondary" onClick={() => abort.current?.abort()}>
                Stop
              </button>
            ) : (
              <button type="button" className="btn-primary" onClick={onClose}>
                Close
              </button>
            )}
          </div>
        </div>
      )}
    </Dialog>
  );
}
