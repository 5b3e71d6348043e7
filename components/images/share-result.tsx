import clsx from "clsx";
import { useTranslations } from "next-intl";
import type { ShareOutcome } from "@/lib/images/view";
import { CopyButton } from "@/components/ui/copy-button";

/** What happened to each ENS batch: who received the image, who did not, and why. */
export function ShareResult({ outcome }: { outcome: ShareOutcome }) {
  const t = useTranslations("images.result");
  const verdict = outcome.failed === 0 ? "all" : outcome.shared === 0 ? "none" : "partial";
  return (
    <section aria-labelledby="share-result-title" className="card space-y-2 p-4">
      <h2 id="share-result-title" className="font-semibold">
        {t("title")}
      </h2>
      <p
        className={clsx(
          "text-sm font-medium",
          outcome.failed ? "text-red-800 dark:text-red-300" : "text-emerald-800 dark:text-emerald-300",
        )}
      >
        {t(verdict, { shared: outcome.shared, total: outcome.total })}
      </p>
      <ol aria-label={t("batches")} className="space-y-2">
        {outcome.batches.map((b, i) => (
          <li
            key={i}
            className={clsx(
              "rounded border p-2 text-sm",
              b.ok ? "border-emerald-200 dark:border-emerald-900" : "border-red-300 dark:border-red-800",
            )}
          >
            <div className="font-medium">
              {t(b.ok ? "batchShared" : "batchFailed", { n: i + 1, total: outcome.batches.length, count: b.users.length })}
            </div>
            {!b.ok && (
              <div>
                <span className="font-mono font-semibold">{b.code}</span>: {b.message}
              </div>
            )}
            <div className="font-mono text-xs break-all text-slate-600 dark:text-slate-400">{b.users.join(", ")}</div>
            {b.requestId && (
              <div className="flex items-center gap-1 text-xs">
                RequestId <span className="font-mono">{b.requestId}</span>
                <CopyButton value={b.requestId} label={t("copyRequestId", { n: i + 1 })} />
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
