import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { AddDestination } from "@/components/settings/destinations/add-destination";
import { DestinationsTable } from "@/components/settings/destinations/destinations-table";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { readDestinations } from "@/lib/outbound/read";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.destinations"))("metaTitle") };
}
export const dynamic = "force-dynamic";

/** Admins manage where the audit stream and notifications go. */
export default async function DestinationsPage() {
  const me = await requireUser();
  if (!can(me.role, "destinations.manage")) notFound();
  const [destinations, t] = await Promise.all([readDestinations(), getTranslations("settings.destinations")]);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <span className="ml-auto">
          <AddDestination />
        </span>
      </div>
      <p className="max-w-3xl text-sm text-slate-600 dark:text-slate-400">{t("intro")}</p>
      <DestinationsTable destinations={destinations} />
    </div>
  );
}
