import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("pages.notFound");
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 p-6 text-center">
      <p className="text-sm font-semibold text-sky-700 dark:text-sky-400">404</p>
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-slate-600 dark:text-slate-400">{t("body")}</p>
      <Link href="/instances" className="btn-primary">
        {t("back")}
      </Link>
    </main>
  );
}
