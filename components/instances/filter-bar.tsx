"use client";

import { useTranslations } from "next-intl";
import { memo } from "react";
import { LOGIN_FILTERS, type LoginFilter, type ViewParams } from "@/lib/instances/list-params";
import { FilterField, SelectFilter } from "@/components/ui/select-filter";
import { useStateLabel } from "./state-badge";

type FacetKey = "node" | "server" | "state" | "spec" | "tag";
type Facets = Record<FacetKey, string[]> & { tooMany: FacetKey[] };
const MENUS = ["node", "server", "state", "spec"] as const;
/** Each login filter's message key (message keys are camelCase, the URL's ids are not). */
const LOGIN_KEYS = {
  open: "open",
  closed: "closed",
  "closing-soon": "closingSoon",
  "no-expiry": "noExpiry",
  outside: "outside",
  "expiry-failed": "expiryFailed",
} as const satisfies Record<LoginFilter, string>;

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
  const t = useTranslations("instances.filters");
  return (
    <div className="flex flex-wrap items-end gap-3">
      <FilterField label={<span aria-hidden>{t("search")}</span>}>
        {(id) => (
          <input
            id={id}
            type="search"
            className="input w-64"
            placeholder={t("searchPlaceholder")}
            value={q}
            onChange={(e) => onQ(e.target.value)}
            aria-label={t("searchLabel")}
          />
        )}
      </FilterField>
      {MENUS.map((k) =>
        facets.tooMany.includes(k) ? (
          <TypedFilter
            key={k}
            id={`filter-${k}`}
            label={t(`facets.${k}`)}
            value={view[k][0] ?? ""}
            onApply={(v) => onChange({ [k]: v ? [v] : [] })}
          />
        ) : (
          <SelectFilter
            key={k}
            id={`filter-${k}`}
            label={t(`facets.${k}`)}
            className="max-w-52"
            value={view[k][0] ?? ""}
            onChange={(e) => onChange({ [k]: e.target.value ? [e.target.value] : [] })}
            anyLabel={t("all")}
          >
            {k === "state" ? <StateOptions values={facets.state} /> : <Options values={facets[k]} />}
          </SelectFilter>
        ),
      )}
      <SelectFilter
        id="filter-tag"
        label={t("facets.tag")}
        className="max-w-52"
        value={view.tag[0] ?? ""}
        onChange={(e) => onChange({ tag: e.target.value ? [e.target.value] : [] })}
        anyLabel={t("all")}
        // A tag from the URL that no row carries still shows, so the filter in force is visible.
        options={[...new Set([...view.tag, ...facets.tag])].map((tag) => ({ value: tag, label: tag }))}
      />
      <SelectFilter
        id="filter-login"
        label={t("facets.login")}
        value={view.login}
        onChange={(e) => onChange({ login: e.target.value as ViewParams["login"] })}
        anyLabel={t("all")}
        options={LOGIN_FILTERS.map((f) => ({
          value: f,
          label: loginCounts ? t("withCount", { label: t(`login.${LOGIN_KEYS[f]}`), count: loginCounts[f] }) : t(`login.${LOGIN_KEYS[f]}`),
        }))}
      />
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

/** The state menu: ENS's values, in the viewer's words where the console knows them. */
function StateOptions({ values }: { values: string[] }) {
  const label = useStateLabel();
  return values.map((v) => (
    <option key={v} value={v}>
      {label(v)}
    </option>
  ));
}

/** A filter on one exact value, typed (a fleet's thousands of servers make no usable menu); applied on Enter or leaving the box. */
function TypedFilter({ id, label, value, onApply }: { id: string; label: string; value: string; onApply: (v: string) => void }) {
  const t = useTranslations("instances.filters");
  const apply = (v: string) => v.trim() !== value && onApply(v.trim());
  return (
    <FilterField label={label} id={id}>
      {(controlId) => (
        <input
          id={controlId}
          key={value}
          type="text"
          className="input w-44 font-mono"
          placeholder={t("typedPlaceholder")}
          defaultValue={value}
          onBlur={(e) => apply(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && apply(e.currentTarget.value)}
        />
      )}
    </FilterField>
  );
}
