"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";

/** `New schedule`: opens the form (/schedules/new). */
export function NewScheduleButton() {
  const t = useTranslations("schedules");
  const router = useRouter();
  return (
    <button type="button" className="btn-primary ml-auto" onClick={() => router.push("/schedules/new")}>
      {t("new")}
    </button>
  );
}
