import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NewScheduleButton } from "@/components/schedules/new-schedule-button";
import { SchedulesTable } from "@/components/schedules/schedules-table";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { readSchedules } from "@/lib/schedules/read";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("schedules.meta"))("list") };
}
export const dynamic = "force-dynamic";

/** /schedules: everyone sees every schedule; operators and admins create them. */
export default async function SchedulesPage() {
  const user = await requireUser();
  const [rows, t] = await Promise.all([readSchedules(user), getTranslations("schedules")]);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        {can(user.role, "schedules.manage") && <NewScheduleButton />}
      </div>
      <p className="max-w-3xl text-sm text-slate-600 dark:text-slate-400">{t("intro")}</p>
      <SchedulesTable rows={rows} />
    </div>
  );
}
