import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { ScheduleForm } from "@/components/schedules/schedule-form";
import { requireUser } from "@/lib/auth/session";
import { readSchedule } from "@/lib/schedules/read";
import { scheduleIdInput } from "@/lib/schedules/schema";
import { scheduleFormProps } from "../../form-props";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("schedules.meta"))("edit") };
}
export const dynamic = "force-dynamic";

/** /schedules/<id>/edit: the form prefilled, for the schedule's owner or an admin. */
export default async function EditSchedulePage({ params }: { params: Promise<{ scheduleId: string }> }) {
  const user = await requireUser();
  const id = scheduleIdInput.shape.scheduleId.safeParse((await params).scheduleId);
  if (!id.success) notFound();
  const found = await readSchedule(user, id.data);
  if (!found || !found.schedule.canManage) notFound();
  return <ScheduleForm initial={found.schedule} {...await scheduleFormProps(user)} />;
}
