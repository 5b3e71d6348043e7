"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ACTION_OPTIONS, filterToSearchParams, OUTCOME_FILTERS } from "@/lib/validation/history-params";

// `unresolved`: unknown outcomes that ENS has not (or not yet) settled.
const OUTCOME_LABEL: Partial<Record<(typeof OUTCOME_FILTERS)[number], string>> = { unresolved: "Unresolved" };

type Values = Partial<Record<"actor" | "action" | "target" | "outcome" | "bulk" | "range" | "from" | "to" | "q", string>>;

const label = "flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400";

/** Every filter lives in the URL: applying one navigates, so a copied URL reproduces the view. */
export function HistoryFilters({ initial }: { initial: Values }) {
  const router = useRouter();
  const [range, setRange] = useState(initial.range ?? "");
  return (
    <form
      role="search"
      aria-label="Filter history"
      className="card flex flex-wrap items-end gap-3 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const values = Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v).trim()])) as Values;
        const qs = filterToSearchParams(values).toString();
        router.push(qs ? `/history?${qs}` : "/history");
      }}
    >
      <label className={label}>
        Search
        <input type="search" name="q" defaultValue={initial.q} placeholder="Target or error code  ( / )" className="input w-56" />
      </label>
      <label className={label}>
        Actor
        <input name="actor" defaultValue={initial.actor} placeholder="email" className="input w-48" />
      </label>
      <label className={label}>
        Action
        <select name="action" defaultValue={initial.action ?? ""} className="input">
          <option value="">Any</option>
          {[
            ...ACTION_OPTIONS,
            ...(initial.action && !ACTION_OPTIONS.some((o) => o.value === initial.action)
              ? [{ value: initial.action, label: initial.action }]
              : []),
          ].map((o) => (
            <option key={o.value} value={o.value}>
              {o.label === o.value ? o.value : `${o.label} (${o.value})`}
            </option>
          ))}
        </select>
      </label>
      <label className={label}>
        Target id
        <input name="target" defaultValue={initial.target} className="input w-40" />
      </label>
      <label className={label}>
        Outcome
        <select name="outcome" defaultValue={initial.outcome ?? ""} className="input">
          <option value="">Any</option>
          {OUTCOME_FILTERS.map((o) => (
            <option key={o} value={o}>
              {OUTCOME_LABEL[o] ?? o}
            </option>
          ))}
        </select>
      </label>
      <label className={label}>
        Bulk id
        <input name="bulk" defaultValue={initial.bulk} className="input w-32" />
      </label>
      <label className={label}>
        Date range
        <select name="range" value={range} onChange={(e) => setRange(e.target.value)} className="input">
          <option value="">Any time</option>
          <option value="1h">Last hour</option>
          <option value="24h">Last 24 h</option>
          <option value="7d">Last 7 days</option>
          <option value="custom">Custom</option>
        </select>
      </label>
      {range === "custom" && (
        <>
          <label className={label}>
            From (UTC)
            <input type="datetime-local" name="from" defaultValue={initial.from} className="input" />
          </label>
          <label className={label}>
            To (UTC)
            <input type="datetime-local" name="to" defaultValue={initial.to} className="input" />
          </label>
        </>
      )}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary">
          Apply filters
        </button>
        <button type="button" className="btn-secondary" onClick={() => router.push("/history")}>
          Clear
        </button>
      </div>
    </form>
  );
}
