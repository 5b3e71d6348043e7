"use client";

import type { ViewParams } from "@/lib/instances/view";

type Facets = { node: string[]; server: string[]; state: string[]; spec: string[] };
const LABELS = { node: "ENS node", server: "Server", state: "State", spec: "Spec" } as const;

export function FilterBar({
  view,
  facets,
  q,
  onQ,
  onChange,
}: {
  view: ViewParams;
  facets: Facets;
  q: string;
  onQ: (q: string) => void;
  onChange: (patch: Partial<ViewParams>) => void;
}) {
  return (
    <div className="flex flex-wrap items-end gap-3">
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
        <span aria-hidden>Search</span>
        <input
          type="search"
          className="input w-64"
          placeholder="Instance id or name  ( / )"
          value={q}
          onChange={(e) => onQ(e.target.value)}
          aria-label="Search instances"
        />
      </label>
      {(Object.keys(LABELS) as (keyof typeof LABELS)[]).map((k) => (
        <div key={k} className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
          <label htmlFor={`filter-${k}`}>{LABELS[k]}</label>
          <select
            id={`filter-${k}`}
            className="input max-w-52"
            value={view[k][0] ?? ""}
            onChange={(e) => onChange({ [k]: e.target.value ? [e.target.value] : [] })}
          >
            <option value="">All</option>
            {facets[k].map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </div>
      ))}
      <div className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
        <label htmlFor="filter-login">Login</label>
        <select
          id="filter-login"
          className="input"
          value={view.login}
          onChange={(e) => onChange({ login: e.target.value as ViewParams["login"] })}
        >
          <option value="">All</option>
          <option value="open">Open</option>
          <option value="closed">Closed</option>
        </select>
      </div>
    </div>
  );
}
