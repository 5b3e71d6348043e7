import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { BreakGlassTable } from "@/components/requests/break-glass-table";
import { requestsHref } from "@/components/requests/href";
import { RequestFilters } from "@/components/requests/request-filters";
import { RequestTabs } from "@/components/requests/request-tabs";
import { RequestsTable } from "@/components/requests/requests-table";
import { ErrorPanel } from "@/components/ui/error-panel";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import type { Role } from "@/lib/roles";
import { readBreakGlass, readRequestCounts, readRequests } from "@/lib/requests/read";
import { requestListFilter, REQUEST_TABS, type RequestTab } from "@/lib/requests/schema";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("requests.meta"))("list") };
}

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Who opens which tab: their own requests (everyone), those to decide, all (auditors, admins), break-glass reviews (admins). */
function mayOpen(role: Role, tab: RequestTab): boolean {
  switch (tab) {
    case "mine":
      return true;
    case "approve":
      return can(role, "access.approve");
    case "all":
      return role === "auditor" || role === "admin";
    case "review":
      return can(role, "access.review");
  }
}

/** /requests: the tabs, the state and kind filters and the page, all in the URL. */
export default async function RequestsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const sp = await searchParams;
  // Unknown values are dropped (the schema's `catch`), so a stale link still shows a list.
  const filter = requestListFilter.parse({ tab: first(sp.tab), state: first(sp.state), kind: first(sp.kind), before: first(sp.before) });
  const tabs = REQUEST_TABS.filter((tab) => mayOpen(user.role, tab));
  const t = await getTranslations("requests");
  const allowed = tabs.includes(filter.tab);
  const [counts, list, breakGlass] = await Promise.all([
    tabs.length > 1 ? readRequestCounts(user) : undefined,
    allowed && filter.tab !== "review" ? readRequests(user, filter) : null,
    allowed && filter.tab === "review" ? readBreakGlass({ unreviewedOnly: true }) : null,
  ]);
  const filtered = Boolean(filter.state || filter.kind);

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <RequestTabs tabs={tabs} filter={filter} counts={counts} />
      {!allowed && filter.tab !== "mine" && <ErrorPanel>{t(`denied.${filter.tab}`)}</ErrorPanel>}
      {list && (
        <>
          {/* Keyed by the filters, so Back, Clear and links reset the inputs to what the URL says. */}
          <RequestFilters key={requestsHref({ ...filter, before: undefined })} initial={filter} />
          <div className="card overflow-x-auto p-2">
            <RequestsTable rows={list.rows} filtered={filtered} />
          </div>
          <nav aria-label={t("list.pagination")} className="flex gap-2">
            {filter.before && (
              <Link className="btn-secondary" href={requestsHref({ ...filter, before: undefined })}>
                {t("list.newest")}
              </Link>
            )}
            {list.nextBefore && (
              <Link className="btn-secondary" href={requestsHref({ ...filter, before: list.nextBefore })}>
                {t("list.older")}
              </Link>
            )}
          </nav>
        </>
      )}
      {breakGlass && (
        <div className="card overflow-x-auto p-2">
          <BreakGlassTable rows={breakGlass} />
        </div>
      )}
    </div>
  );
}
