import clsx from "clsx";
import { useTranslations } from "next-intl";

export function ImageStatus({ status }: { status?: string | null }) {
  const t = useTranslations("images.status");
  return (
    <span
      className={clsx(
        "inline-flex rounded-full px-2 py-0.5 text-xs font-medium",
        status === "available" && "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
        status === "verifying" && "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
        status !== "available" && status !== "verifying" && "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
      )}
    >
      {status ? t("name", { status }) : t("unknown")}
    </span>
  );
}
