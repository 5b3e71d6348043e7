import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { RequestDetail } from "@/components/requests/request-detail";
import { requireUser } from "@/lib/auth/session";
import { readRequest } from "@/lib/requests/read";
import { cancelRequestInput } from "@/lib/requests/schema";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("requests.meta"))("detail") };
}

/** One request, bookmarkable: a 404 when it does not exist or the viewer may not see it. */
export default async function RequestPage({ params }: { params: Promise<{ requestId: string }> }) {
  const user = await requireUser();
  const id = cancelRequestInput.shape.requestId.safeParse((await params).requestId);
  if (!id.success) notFound();
  const request = await readRequest(user, id.data);
  if (!request) notFound();
  return <RequestDetail request={request} />;
}
