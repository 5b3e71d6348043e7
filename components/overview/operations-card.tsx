import { useTranslations } from "next-intl";
import type { OverviewView } from "@/lib/overview/view";
import { countWords } from "@/lib/overview/words";
import { CountLink } from "./count-link";
import { HourlyChart } from "./hourly-chart";

/** The last 24 hours of the audit log: counts linking into the filtered history, and the hourly chart. */
export function OperationsCard({ operations }: { operations: OverviewView["operations"] }) {
  const t = useTranslations("overview");
  const counts = [operations.all, operations.failed, operations.unknown, operations.unresolved];
  return (
    <section aria-labelledby="overview-operations" className="card p-4">
      <h2 id="overview-operations" className="text-sm font-semibold">
        {t("operations.title")}
      </h2>
      <div className="mt-3 grid gap-6 lg:grid-cols-[minmax(0,20rem)_minmax(0,1fr)]">
        <dl className="grid grid-cols-[minmax(0,1fr)_auto] content-start gap-x-4 gap-y-2 text-sm">
          {counts.map((c) => (
            <div key={c.href} className="contents">
              <dt className="text-slate-600 dark:text-slate-400">{countWords(t, c).label}</dt>
              <dd className="text-right">
                <CountLink count={c} />
              </dd>
            </div>
          ))}
        </dl>
        <HourlyChart hours={operations.hours} />
      </div>
    </section>
  );
}
