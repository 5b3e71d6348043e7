"use client";

import { useQuery } from "@tanstack/react-query";
import { LocalTime } from "@/components/operations/local-time";
import { overviewQuery } from "@/lib/queries/overview";
import { CountTiles } from "./count-tiles";
import { FacetCard } from "./facet-card";
import { OperationsCard } from "./operations-card";

/** The fleet at a glance: every count links to the filtered instances list or history it counts. */
export function OverviewView() {
  const overview = useQuery(overviewQuery);
  const data = overview.data;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-xl font-semibold">Overview</h1>
        {data && (
          <span className="text-sm text-slate-500">
            {data.fleet.total.toLocaleString("en-US")} instance{data.fleet.total === 1 ? "" : "s"}
          </span>
        )}
        {data && (
          <span className="ml-auto text-xs text-slate-500">
            Fleet as of <LocalTime iso={data.fleet.asOf} />
          </span>
        )}
      </div>
      {overview.isError && (
        <p role="alert" className="card border-red-300 p-3 text-sm text-red-800 dark:border-red-800 dark:text-red-300">
          {overview.error.message}
        </p>
      )}
      {!data ? (
        !overview.isError && <p className="text-sm text-slate-500">Loading…</p>
      ) : (
        <>
          <div className="grid gap-4 lg:grid-cols-3">
            {data.fleet.groups.map((g) => (
              <FacetCard key={g.facet} group={g} total={data.fleet.total} />
            ))}
          </div>
          <CountTiles id="overview-logins" title="Logins" counts={data.fleet.logins} />
          <OperationsCard operations={data.operations} />
        </>
      )}
    </div>
  );
}
