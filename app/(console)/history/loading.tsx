import { useTranslations } from "next-intl";

export default function HistoryLoading() {
  const t = useTranslations("history");
  return (
    <div className="space-y-4" aria-busy="true">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p role="status" className="text-sm text-slate-500">
        {t("loading")}
      </p>
      <div className="card h-96 animate-pulse" />
    </div>
  );
}
