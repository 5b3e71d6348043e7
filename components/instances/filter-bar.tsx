"use client";

import { memo } from "react";
import type { LoginFilter, ViewParams } from "@/lib/instances/view";

type FacetKey = "node" | "server" | "state" | "spec" | "tag";
type Facets = Record<FacetKey, string[]> & { tooMany: FacetKey[] };
const LABELS = { node: "ENS node", server: "Server", state: "State", spec: "Spec" } as const;
const LOGIN_LABELS: Record<LoginFilter, string> = {
  open: "Open",
  closed: "Closed",
  "closing-soon": "Closing within 1 h",
  "no-expiry": "No expiry",
  outside: "Opened outside the console",
  "expiry-failed": "Expiry failed",
};

export function FilterBar({
  view,
  facets,
  loginCounts,
  q,
  onQ,
  onChange,
}: {
  view: ViewParams;
  facets: Facets;
  /** How many instances each login filter would show, with the other filters as they are. */
  loginCounts?: Record<LoginFilter, number>;
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
      {(Object.keys(LABELS) as (keyof typeof LABELS)[]).map((k) =>
        facets.tooMany.includes(k) ? (
          <TypedFilter
            key={k}
            id={`filter-${k}`}
            label={LABELS[k]}
            value={view[k][0] ?? ""}
            onApply={(v) => onChange({ [k]: v ? [v] : [] })}
          />
        ) : (
          <div key={k} className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
            <label htmlFor={`filter-${k}`}>{LABELS[k]}</label>
            <select
              id={`filter-${k}`}
              className="input max-w-52"
              value={view[k][0] ?? ""}
              onChange={(e) => onChange({ [k]: e.target.value ? [e.target.value] : [] })}
            >
              <option value="">All</option>
              <Options values={facets[k]} />
            </select>
          </div>
        ),
      )}
      <div className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
        <label htmlFor="filter-tag">Tag</label>
        <select
          id="filter-tag"
          className="input max-w-52"
          value={view.tag[0] ?? ""}
          onChange={(e) => onChange({ tag: e.target.value ? [e.target.value] : [] })}
        >
          <option value="">All</option>
          {/* A tag from the URL that no row carries still shows, so the filter in force is visible. */}
          {[...new Set([...view.tag, ...facets.tag])].map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
        <label htmlFor="filter-login">Login</label>
        <select
          id="filter-login"
          className="input"
          value={view.login}
          onChange={(e) => onChange({ login: e.target.value as ViewParams["login"] })}
        >
          <option value="">All</option>
          {(Object.keys(LOGIN_LABELS) as LoginFilter[]).map((f) => (
            <option key={f} value={f}>
              {LOGIN_LABELS[f]}
              {loginCounts ? ` (${loginCounts[f].toLocaleString()})` : ""}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

// A fleet of 100,000 has thousands of servers: their options render once, not on every keystroke.
const Options = memo(function Options({ values }: { values: string[] }) {
  return values.map((v) => (
    <option key={v} value={v}>
      {v}
    </option>
  ));
});

/** A filter on one exact value, typed (a fleet's thousands of servers make no usable menu); applied on Enter or leaving the box. */
function TypedFilter({ id, label, value, onApply }: { id: string; label: string; value: string; onApply: (v: string) => void }) {
  const apply = (v: string) => v.trim() !== value && onApply(v.trim());
  return (
    <div className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        key={value}
        type="text"
        className="input w-44 font-mono"
        placeholder="exact id, then Enter"
        defaultValue={value}
        onBlur={(e) => apply(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && apply(e.currentTarget.value)}
      />
    </div>
  );
}
