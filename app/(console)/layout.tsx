import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ConsoleNav } from "@/components/console-nav";
import { HydratedMark } from "@/components/hydrated-mark";
import { IdleWarning } from "@/components/idle-warning";
import { LiveUpdates } from "@/components/live-updates";
import { SlashFocus } from "@/components/slash-focus";
import { ThemeToggle } from "@/components/theme-toggle";
import { UserMenu } from "@/components/user-menu";
import { requireUser } from "@/lib/auth/session";
import { sessionSettings } from "@/lib/auth/settings";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const { idleMs, warnBeforeMs } = sessionSettings();
  const t = await getTranslations("common");
  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
        <div className="mx-auto flex h-14 max-w-[1600px] items-center gap-6 px-4">
          <Link href="/instances" className="font-semibold tracking-tight">
            {t("productName")}
          </Link>
          <ConsoleNav isAdmin={user.role === "admin"} />
          <div className="ml-auto flex items-center gap-2">
            <ThemeToggle />
            <UserMenu email={user.email} role={user.role} />
          </div>
        </div>
      </header>
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
