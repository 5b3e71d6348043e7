import type { Metadata } from "next";
import { HydrationBoundary, dehydrate } from "@tanstack/react-query";
import { getTranslations } from "next-intl/server";
import { OperationsView } from "@/components/operations/operations-view";
import { requireUser } from "@/lib/auth/session";
import { listJobs } from "@/lib/jobs/read";
import { jobListFilter } from "@/lib/jobs/schema";
import { normaliseOperationFilter, operationsQuery } from "@/lib/queries/operations";
import { getQueryClient } from "@/lib/query-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("operations.meta"))("list") };
}

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Every role reads the operations; the filters live in the URL. */
export default async function OperationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const sp = await searchParams;
  // Unknown values are dropped (the schema's `catch`), so a stale link still shows a list.
  const filter = normaliseOperationFilter(
    jobListFilter.parse({ kind: first(sp.kind), state: first(sp.state), actor: first(sp.actor), cursor: first(sp.cursor) }),
  );
  const queryClient = getQueryClient();
  // fetchQuery, not prefetchQuery: a failed read shows the error page.
  await queryClient.fetchQuery({ ...operationsQuery(filter), queryFn: () => listJobs(user, filter) });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <OperationsView filter={filter} />
    </HydrationBoundary>
  );
}
