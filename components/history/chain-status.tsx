"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { chainStatusQuery, fetchChainStatus } from "@/lib/queries/chain-status";

/** The hash chain's status: checked in the background on load (cached server-side), or on demand. */
export function ChainStatus() {
  const t = useTranslations("history.chain");
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const q = useQuery(chainStatusQuery);
  const s = q.data;
  let text = t("checking");
  let tone = "text-slate-600 dark:text-slate-400";
  if (q.isError) {
    text = t("unavailable");
    tone = "text-amber-700 dark:text-amber-300";
  } else if (s?.intact) {
    text = t("intact", { count: s.count, head: s.headHash?.slice(0, 12) ?? "", time: new Date(s.checkedAt).toISOString().slice(11, 19) });
    tone = "text-emerald-700 dark:text-emerald-300";
  } else if (s) {
    const n = s.brokenTotal ?? s.broken?.length ?? 0;
    text = t("broken", { count: n, id: String(s.broken?.[0]?.id ?? ""), reason: s.broken?.[0]?.reason ?? "" });
    tone = "font-semibold text-red-700 dark:text-red-300";
  }
  const anchored = (a: { checkpointId: number; at: string; newer: number }) => {
    const args = { id: String(a.checkpointId), at: new Date(a.at).toISOString().slice(0, 16).replace("T", " ") };
    return a.newer ? t("anchoredNewer", { ...args, newer: a.newer }) : t("anchored", args);
  };
  const anchor = s?.anchor?.status === "anchored" ? anchored(s.anchor) : s?.anchor ? t("unanchored", { reason: s.anchor.reason }) : null;
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span role="status" aria-label={t("label")} className={tone} title={s?.headHash}>
        {busy ? t("verifying") : text}
      </span>
      {anchor && !busy ? (
        <span className={s?.anchor?.status === "anchored" ? "text-slate-600 dark:text-slate-400" : "text-amber-700 dark:text-amber-300"}>
          {anchor}
        </span>
      ) : null}
      {s && !s.intact && s.broken && s.broken.length > 1 && !busy ? (
        <details className="w-full text-red-700 dark:text-red-300">
          <summary>{t("everyBroken", { count: s.brokenTotal ?? s.broken.length })}</summary>
          <ul className="ml-4 list-disc">
            {s.broken.slice(0, 100).map((b) => (
              <li key={`${b.id}-${b.reason}`}>{t("brokenEvent", { id: String(b.id), reason: b.reason })}</li>
            ))}
          </ul>
          {s.broken.length > 100 ? <p>{t.rich("firstHundred", { code: (c) => <code translate="no">{c}</code> })}</p> : null}
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
        {t("verify")}
      </button>
    </div>
  );
}
