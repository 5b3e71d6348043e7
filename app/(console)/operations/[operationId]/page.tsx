import type { Metadata } from "next";
import { HydrationBoundary, dehydrate } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { OperationView } from "@/components/operations/operation-view";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { readJob } from "@/lib/jobs/read";
import { cancelJobInput } from "@/lib/jobs/schema";
import { ITEM_STATES } from "@/lib/jobs/types";
import { operationQuery } from "@/lib/queries/operations";
import { getQueryClient } from "@/lib/query-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("operations.meta"))("detail") };
}

type SearchParams = Record<string, string | string[] | undefined>;

/** One operation, bookmarkable with its item filter (`?items=<state>`). */
export default async function OperationPage({
  params,
  searchParams,
}: {
  params: Promise<{ operationId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const user = await requireUser();
  const id = cancelJobInput.shape.operationId.safeParse((await params).operationId);
  if (!id.success) notFound();
  const raw = (await searchParams).items;
  const value = Array.isArray(raw) ? raw[0] : raw;
  const items = ITEM_STATES.find((s) => s === value);
  // Read here, not prefetched: a failed read shows the error page, and a missing one is a 404.
  const op = await readJob(user, id.data, items);
  if (!op) notFound();
  const queryClient = getQueryClient();
  queryClient.setQueryData(operationQuery(id.data, items).queryKey, op);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <OperationView
        id={op.id}
        items={items}
        canCancel={can(user.role, "operations.cancel")}
        canFollowUp={can(user.role, "operations.follow_up")}
      />
    </HydrationBoundary>
  );
}
