import Link from "next/link";
import { HydrationBoundary, dehydrate } from "@tanstack/react-query";
import { getTranslations } from "next-intl/server";
import { ConsoleNav } from "@/components/console-nav";
import { HydratedMark } from "@/components/hydrated-mark";
import { IdleWarning } from "@/components/idle-warning";
import { NotificationsButton } from "@/components/inbox/notifications-button";
import { LiveUpdates } from "@/components/live-updates";
import { SlashFocus } from "@/components/slash-focus";
import { ThemeToggle } from "@/components/theme-toggle";
import { UserMenu } from "@/components/user-menu";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { sessionSettings } from "@/lib/auth/settings";
import { readUnreadCount } from "@/lib/inbox/read";
import { inboxUnreadQuery } from "@/lib/queries/inbox";
import { requestCountsQuery } from "@/lib/queries/requests";
import { getQueryClient } from "@/lib/query-client";
import { readRequestCounts } from "@/lib/requests/read";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const { idleMs, warnBeforeMs } = sessionSettings();
  const t = await getTranslations("common");
  const canReadRequests = can(user.role, "requests.read");
  // The header's counts, read with the page: the browser keeps them fresh from the live updates.
  // prefetchQuery: a failed read leaves a count out rather than failing the page.
  const queryClient = getQueryClient();
  await Promise.all([
    canReadRequests ? queryClient.prefetchQuery({ ...requestCountsQuery, queryFn: () => readRequestCounts(user) }) : null,
    can(user.role, "self.inbox")
      ? queryClient.prefetchQuery({ ...inboxUnreadQuery, queryFn: async () => ({ unread: await readUnreadCount(user.id) }) })
      : null,
  ]);
  return (
    <div className="flex min-h-screen flex-col">
      <HydrationBoundary state={dehydrate(queryClient)}>
        <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
          <div className="mx-auto flex h-14 max-w-[1600px] items-center gap-4 px-4">
            <Link href="/instances" className="shrink-0 whitespace-nowrap font-semibold tracking-tight">
              {t("productName")}
            </Link>
            <ConsoleNav isAdmin={user.role === "admin"} canReadRequests={canReadRequests} canReport={can(user.role, "history.export")} />
            <div className="ml-auto flex items-center gap-2">
              <NotificationsButton />
              <ThemeToggle />
              <UserMenu email={user.email} role={user.role} myKeys={can(user.role, "self.keys")} />
            </div>
          </div>
        </header>
      </HydrationBoundary>
      <main id="main" className="mx-auto w-full max-w-[1600px] flex-1 px-4 py-6">
        {children}
      </main>
      <IdleWarning idleMs={idleMs} warnBeforeMs={warnBeforeMs} />
      <SlashFocus />
      <HydratedMark />
      <LiveUpdates />
    </div>
  );
}
