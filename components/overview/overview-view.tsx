"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { LocalTime } from "@/components/operations/local-time";
import { overviewQuery } from "@/lib/queries/overview";
import { ErrorPanel } from "@/components/ui/error-panel";
import { CountTiles } from "./count-tiles";
import { FacetCard } from "./facet-card";
import { OperationsCard } from "./operations-card";

/** The fleet at a glance: every count links to the filtered instances list or history it counts. */
export function OverviewView() {
  const t = useTranslations("overview");
  const overview = useQuery(overviewQuery);
  const data = overview.data;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        {data && <span className="text-sm text-slate-500">{t("instances", { count: data.fleet.total })}</span>}
        {data && (
          <span className="ml-auto text-xs text-slate-500">{t.rich("asOf", { time: () => <LocalTime iso={data.fleet.asOf} /> })}</span>
        )}
      </div>
      {overview.isError && <ErrorPanel>{overview.error.message}</ErrorPanel>}
      {!data ? (
        !overview.isError && <p className="text-sm text-slate-500">{t("loading")}</p>
      ) : (
        <>
          <div className="grid gap-4 lg:grid-cols-3">
            {data.fleet.groups.map((g) => (
              <FacetCard key={g.facet} group={g} total={data.fleet.total} />
            ))}
          </div>
          <CountTiles id="overview-logins" title={t("logins.title")} counts={data.fleet.logins} />
          <OperationsCard operations={data.operations} />
        </>
      )}
    </div>
  );
}
