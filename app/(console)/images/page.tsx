import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ImageFilters } from "@/components/images/image-filters";
import { ImageTable } from "@/components/images/image-table";
import { requireUser } from "@/lib/auth/session";
import { loadImageList, parseImageQuery } from "@/lib/images/list";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("images.list");
  return { title: t("metaTitle") };
}

export default async function ImagesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser();
  const view = await loadImageList(parseImageQuery(await searchParams));
  const t = await getTranslations("images.list");
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <ImageFilters />
      {view.ok ? (
        <>
          <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
            {t("count", { count: view.images.length })}
          </p>
          <ImageTable images={view.images} />
        </>
      ) : (
        <div role="alert" className="card border-red-300 p-4 text-sm dark:border-red-800">
          <p className="font-semibold text-red-800 dark:text-red-300">{t("loadFailed")}</p>
          <p>
            <span className="font-mono font-semibold">{view.error.code}</span>: {view.error.message}
          </p>
          {view.error.detail && <p className="text-xs text-slate-500">{view.error.detail}</p>}
          {view.error.requestId && (
            <p className="text-xs">
              RequestId <span className="font-mono">{view.error.requestId}</span>
            </p>
          )}
        </div>
      )}
    </div>
  );
}
