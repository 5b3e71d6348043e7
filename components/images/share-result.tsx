import clsx from "clsx";
import type { ShareOutcome } from "@/lib/images/share-types";
import { CopyButton } from "@/components/copy-button";

/** What happened to each ENS batch: who received the image, who did not, and why. */
export function ShareResult({ outcome }: { outcome: ShareOutcome }) {
  const verdict =
    outcome.failed === 0
      ? "Shared with all recipients"
      : outcome.shared === 0
        ? "Not shared with anyone"
        : "Partly shared — some recipients did not receive the image";
  return (
    <section aria-labelledby="share-result-title" className="card space-y-2 p-4">
      <h2 id="share-result-title" className="font-semibold">
        Share result
      </h2>
      <p
        className={clsx(
          "text-sm font-medium",
          outcome.failed ? "text-red-800 dark:text-red-300" : "text-emerald-800 dark:text-emerald-300",
        )}
      >
        {verdict}: {outcome.shared} of {outcome.total} shared.
      </p>
      <ol aria-label="Batches" className="space-y-2">
        {outcome.batches.map((b, i) => (
          <li
            key={i}
            className={clsx(
              "rounded border p-2 text-sm",
              b.ok ? "border-emerald-200 dark:border-emerald-900" : "border-red-300 dark:border-red-800",
            )}
          >
            <div className="font-medium">
              Batch {i + 1} of {outcome.batches.length}: {b.ok ? "shared" : "failed"} ({b.users.length}{" "}
              {b.users.length === 1 ? "user ID" : "user IDs"})
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
                <CopyButton value={b.requestId} label={`Copy RequestId of batch ${i + 1}`} />
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
