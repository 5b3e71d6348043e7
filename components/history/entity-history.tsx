import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/session";
import { readHistoryPage } from "@/lib/history/read";
import { HistoryTable } from "./history-table";

/** The latest operations on one instance or image: the history page's query with a target filter. */
export async function EntityHistory({ targetId, limit = 20, title }: { targetId: string; limit?: number; title?: string }) {
  const t = await getTranslations("history.entity");
  const page = await readHistoryPage(await requireUser(), { target: targetId }, { limit });
  const href = `/history?target=${encodeURIComponent(targetId)}`;
  const heading = title ?? t("title");
  return (
    <section aria-label={heading} className="space-y-2">
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold">{heading}</h2>
        <Link href={href} className="text-sm text-sky-700 underline dark:text-sky-400">
          {t("fullHistory", { id: targetId })}
        </Link>
      </div>
      <HistoryTable rows={page.rows} caption={t("caption", { id: targetId })} compact />
      {page.older && (
        <p className="text-xs text-slate-500">{t.rich("latest", { limit: String(limit), link: (c) => <Link href={href}>{c}</Link> })}</p>
      )}
    </section>
  );
}
