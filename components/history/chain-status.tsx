"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { chainStatusQuery, fetchChainStatus } from "@/lib/queries/chain-status";

/** The hash chain's status: checked in the background on load (cached server-side), or on demand. */
export function ChainStatus() {
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const q = useQuery(chainStatusQuery);
  const s = q.data;
  let text = "Checking the audit chain…";
  let tone = "text-slate-600 dark:text-slate-400";
  if (q.isError) {
    text = "Chain status unavailable.";
    tone = "text-amber-700 dark:text-amber-300";
  } else if (s?.intact) {
    text = `Chain intact: ${s.count.toLocaleString("en-US")} events, head ${s.headHash?.slice(0, 12)}… (checked ${new Date(s.checkedAt).toISOString().slice(11, 19)} UTC)`;
    tone = "text-emerald-700 dark:text-emerald-300";
  } else if (s) {
    const n = s.brokenTotal ?? s.broken?.length ?? 0;
    text = `Chain BROKEN: ${n.toLocaleString("en-US")} broken event${n === 1 ? "" : "s"}, first at event ${s.broken?.[0]?.id}: ${s.broken?.[0]?.reason}`;
    tone = "font-semibold text-red-700 dark:text-red-300";
  }
  const anchor =
    s?.anchor?.status === "anchored"
      ? `Anchored at signed checkpoint ${s.anchor.checkpointId} (${new Date(s.anchor.at).toISOString().slice(0, 16).replace("T", " ")} UTC)${s.anchor.newer ? `; ${s.anchor.newer.toLocaleString("en-US")} newer events not yet checkpointed` : ""}.`
      : s?.anchor
        ? `Unanchored: ${s.anchor.reason}.`
        : null;
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span role="status" aria-label="Audit chain status" className={tone} title={s?.headHash}>
        {busy ? "Verifying the whole chain…" : text}
      </span>
      {anchor && !busy ? (
        <span className={s?.anchor?.status === "anchored" ? "text-slate-600 dark:text-slate-400" : "text-amber-700 dark:text-amber-300"}>
          {anchor}
        </span>
      ) : null}
      {s && !s.intact && s.broken && s.broken.length > 1 && !busy ? (
        <details className="w-full text-red-700 dark:text-red-300">
          <summary>Every broken event ({(s.brokenTotal ?? s.broken.length).toLocaleString("en-US")})</summary>
          <ul className="ml-4 list-disc">
            {s.broken.slice(0, 100).map((b) => (
              <li key={`${b.id}-${b.reason}`}>
                event {b.id}: {b.reason}
              </li>
            ))}
          </ul>
          {s.broken.length > 100 ? <p>… the first 100 are listed here; npm run audit:verify lists them all.</p> : null}
        </details>
      ) : null}
      <button
        type="button"
        className="btn-secondary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            client.setQueryData(chainStatusQuery.queryKey, await fetchChainStatus(true));
          } catch {
            await q.refetch();
          } finally {
            setBusy(false);
          }
        }}
      >
        Verify chain
      </button>
    </div>
  );
}
