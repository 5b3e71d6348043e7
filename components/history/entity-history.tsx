import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { readHistoryPage } from "@/lib/history/queries";
import { HistoryTable } from "./history-table";

/** The latest operations on one instance or image: the history page's query with a target filter. */
export async function EntityHistory({ targetId, limit = 20, title = "History" }: { targetId: string; limit?: number; title?: string }) {
  const page = await readHistoryPage(await requireUser(), { target: targetId }, { limit });
  const href = `/history?target=${encodeURIComponent(targetId)}`;
  return (
    <section aria-label={title} className="space-y-2">
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold">{title}</h2>
        <Link href={href} className="text-sm text-sky-700 underline dark:text-sky-400">
          Full history of {targetId}
        </Link>
      </div>
      <HistoryTable rows={page.rows} caption={`Operations on ${targetId}, newest first`} compact />
      {page.older && (
        <p className="text-xs text-slate-500">
          Showing the latest {limit}. <Link href={href}>See all</Link>
        </p>
      )}
    </section>
  );
}
