import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { InboxList } from "@/components/inbox/inbox-list";
import { ErrorPanel } from "@/components/ui/error-panel";
import { can, deniedReason } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { readInboxFor } from "@/lib/inbox/read";
import { inboxFilter } from "@/lib/inbox/schema";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("inbox.page"))("metaTitle") };
}

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Every role reads its own notifications, newest first; `?unread=1` and `?before=<id>` in the URL. */
export default async function InboxPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  if (!can(user.role, "self.inbox")) return <ErrorPanel>{deniedReason(user.role, "self.inbox", await getLocale())}</ErrorPanel>;
  const sp = await searchParams;
  // Unknown values are dropped (the schema's `catch`), so a stale link still shows the inbox.
  const filter = inboxFilter.parse({ unread: first(sp.unread), before: first(sp.before) });
  const view = await readInboxFor(user.id, filter);
  return <InboxList view={view} unreadOnly={filter.unread === "1"} paged={filter.before !== undefined} />;
}
