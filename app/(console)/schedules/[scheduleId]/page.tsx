import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { ScheduleDetail } from "@/components/schedules/schedule-detail";
import { requireUser } from "@/lib/auth/session";
import { readSchedule } from "@/lib/schedules/read";
import { scheduleIdInput } from "@/lib/schedules/schema";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("schedules.meta"))("detail") };
}
export const dynamic = "force-dynamic";

/** /schedules/<id>: one schedule and its runs; a 404 when there is none. */
export default async function SchedulePage({ params }: { params: Promise<{ scheduleId: string }> }) {
  const user = await requireUser();
  const id = scheduleIdInput.shape.scheduleId.safeParse((await params).scheduleId);
  if (!id.success) notFound();
  const found = await readSchedule(user, id.data);
  if (!found) notFound();
  return <ScheduleDetail schedule={found.schedule} runs={found.runs} />;
}
