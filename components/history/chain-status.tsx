"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

interface Status {
  intact: boolean;
  count: number;
  headHash?: string;
  brokenAt?: number;
  reason?: string;
  checkedAt: string;
  ms: number;
}

async function fetchStatus(fresh: boolean): Promise<Status> {
  const res = await fetch(`/api/history/verify${fresh ? "?fresh=1" : ""}`, { cache: "no-store" });
  if (!res.ok) throw new Error(`verify failed (${res.status})`);
  return res.json();
}

/** The hash chain's status: checked in the background on load (cached server-side), or on demand. */
export function ChainStatus() {
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const q = useQuery({ queryKey: ["history", "chain"], queryFn: () => fetchStatus(false), staleTime: 60_000 });
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
    text = `Chain BROKEN at event ${s.brokenAt}: ${s.reason}`;
    tone = "font-semibold text-red-700 dark:text-red-300";
  }
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span role="status" aria-label="Audit chain status" className={tone} title={s?.headHash}>
        {busy ? "Verifying the whole chain…" : text}
      </span>
      <button
        type="button"
        className="btn-secondary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            client.setQueryData(["history", "chain"], await fetchStatus(true));
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
