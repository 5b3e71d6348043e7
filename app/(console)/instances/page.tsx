import type { Metadata } from "next";
import { HydrationBoundary, dehydrate } from "@tanstack/react-query";
import { getLocale, getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { InstancesView } from "@/components/instances/instances-view";
import { can, deniedReason } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { fleetIndex } from "@/lib/instances/fleet-index/live-index";
import { PAGE_ROWS } from "@/lib/instances/fleet-index/page-size";
import { getFleetPage } from "@/lib/instances/read";
import { parseView, viewToSearch } from "@/lib/instances/list-params";
import { fleetFacetsQuery, fleetPageQuery } from "@/lib/queries/fleet";
import { getQueryClient } from "@/lib/query-client";
import { accessModeFor, mayBreakGlass } from "@/lib/policy/access-mode";
import { readAccessPolicy } from "@/lib/requests/read";
import { readAppliedView, readViewsMenu } from "@/lib/views/read";
import { withSavedQuery } from "@/lib/views/view";
import { readMyKeys } from "@/lib/personal-keys/read";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("instances.list"))("heading") };
}

type SearchParams = Record<string, string | string[] | undefined>;

function toSearchParams(sp: SearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) out.append(k, one);
  return out;
}

export default async function InstancesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const locale = await getLocale();
  const url = toSearchParams(await searchParams);
  // `?view=<id>` reads as if the URL held the saved view's parameters; an unknown view, or another's
  // private one, is said above the list, which is shown without it.
  const viewId = url.get("view");
  const [appliedView, savedViews] = await Promise.all([
    viewId ? readAppliedView(viewId, user) : null,
    can(user.role, "views.manage") ? readViewsMenu(user) : undefined,
  ]);
  const view = parseView(appliedView && !("missing" in appliedView) ? withSavedQuery(appliedView.query, url) : url);
  const queryClient = getQueryClient();
  // The server renders the first page of the view and the filter menus; the browser asks for the rest as it scrolls.
  // The access policy decides whether this user opens logins, requests them, or neither.
  // The user's own keys come first in the key pickers (My keys).
  const [policy, myKeys] = await Promise.all([
    readAccessPolicy(),
    can(user.role, "self.keys") ? readMyKeys(user.id) : [],
    queryClient.prefetchQuery({
      ...fleetPageQuery(viewToSearch(view), 0),
      queryFn: () => getFleetPage(view, { offset: 0, limit: PAGE_ROWS }),
    }),
    queryClient.prefetchQuery({ ...fleetFacetsQuery, queryFn: async () => (await fleetIndex()).facets() }),
  ]);
  const loginMode = accessModeFor(policy, user.role, "login");
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <Suspense>
        <InstancesView
          canToggle={can(user.role, "login.set")}
          deniedReason={deniedReason(user.role, "login.set", locale)}
          canPower={can(user.role, "instances.power")}
          powerDeniedReason={deniedReason(user.role, "instances.power", locale)}
          allowNoExpiry={config().CONSOLE_LOGIN_ALLOW_NO_EXPIRY === true}
          loginMode={loginMode}
          breakGlass={loginMode === "request" && mayBreakGlass(policy, user.role)}
          requestMaxMinutes={policy.loginMaxMinutes}
          myKeys={myKeys.map((k) => ({ keyName: k.keyName, name: k.name }))}
          personalKeysOnly={policy.personalKeysOnly}
          savedViews={savedViews}
          appliedView={appliedView}
        />
      </Suspense>
    </HydrationBoundary>
  );
}
