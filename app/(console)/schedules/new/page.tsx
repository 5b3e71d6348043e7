import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { ScheduleForm } from "@/components/schedules/schedule-form";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { scheduleFormProps } from "../form-props";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("schedules.meta"))("new") };
}
export const dynamic = "force-dynamic";

/** /schedules/new: the form (operators and admins). */
export default async function NewSchedulePage() {
  const user = await requireUser();
  if (!can(user.role, "schedules.manage")) notFound();
  return <ScheduleForm {...await scheduleFormProps(user)} />;
}
