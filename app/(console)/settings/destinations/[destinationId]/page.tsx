import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { DestinationDetail } from "@/components/settings/destinations/destination-detail";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { readDestination } from "@/lib/outbound/read";
import { destinationIdInput } from "@/lib/outbound/schema";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.destinations"))("metaTitle") };
}
export const dynamic = "force-dynamic";

/** /settings/destinations/<id>: its lag, last success and error, controls and delivery log. */
export default async function DestinationPage({ params }: { params: Promise<{ destinationId: string }> }) {
  const me = await requireUser();
  if (!can(me.role, "destinations.manage")) notFound();
  const id = destinationIdInput.shape.destinationId.safeParse((await params).destinationId);
  if (!id.success) notFound();
  const found = await readDestination(id.data);
  if (!found) notFound();
  return <DestinationDetail destination={found.destination} deliveries={found.deliveries} />;
}
