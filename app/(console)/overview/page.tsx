import type { Metadata } from "next";
import { HydrationBoundary, dehydrate } from "@tanstack/react-query";
import { getLocale, getTranslations } from "next-intl/server";
import { OverviewView } from "@/components/overview/overview-view";
import { ErrorPanel } from "@/components/ui/error-panel";
import { can, deniedReason } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { readOverview } from "@/lib/overview/read";
import { overviewQuery } from "@/lib/queries/overview";
import { getQueryClient } from "@/lib/query-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("overview"))("title") };
}

/** Every role reads the overview; each count links to the filtered instances list or history. */
export default async function OverviewPage() {
  const user = await requireUser();
  if (!can(user.role, "fleet.read")) return <ErrorPanel>{deniedReason(user.role, "fleet.read", await getLocale())}</ErrorPanel>;
  const queryClient = getQueryClient();
  // prefetchQuery, as the instances page: should ENS fail, the page still renders and says so.
  await queryClient.prefetchQuery({ ...overviewQuery, queryFn: () => readOverview(user) });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <OverviewView />
    </HydrationBoundary>
  );
}
