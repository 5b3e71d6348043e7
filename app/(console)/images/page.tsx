import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ImageFilters } from "@/components/images/image-filters";
import { ImageTable } from "@/components/images/image-table";
import { ErrorPanel } from "@/components/ui/error-panel";
import { requireUser } from "@/lib/auth/session";
import { loadImageList, parseImageQuery } from "@/lib/images/read";

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
        <ErrorPanel title={t("loadFailed")} error={view.error} />
      )}
    </div>
  );
}
