"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ACTION_OPTIONS, filterToSearchParams, OUTCOME_FILTERS } from "@/lib/audit/filter-params";
import { FilterField, FilterForm, SelectFilter } from "@/components/ui/select-filter";
import { useActionLabel } from "./action-label";

type Values = Partial<Record<"actor" | "action" | "target" | "outcome" | "bulk" | "range" | "from" | "to" | "q", string>>;

/** Every filter lives in the URL: applying one navigates, so a copied URL reproduces the view. */
export function HistoryFilters({ initial }: { initial: Values }) {
  const t = useTranslations("history");
  const actionLabel = useActionLabel();
  const router = useRouter();
  const [range, setRange] = useState(initial.range ?? "");
  return (
    <FilterForm
      label={t("filters.label")}
      applyLabel={t("filters.apply")}
      clearLabel={t("filters.clear")}
      onClear={() => router.push("/history")}
      onApply={(data) => {
        const values = Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v).trim()])) as Values;
        const qs = filterToSearchParams(values).toString();
        router.push(qs ? `/history?${qs}` : "/history");
      }}
    >
      <FilterField label={t("filters.search")}>
        {(id) => (
          <input
            id={id}
            type="search"
            name="q"
            defaultValue={initial.q}
            placeholder={t("filters.searchPlaceholder")}
            className="input w-56"
          />
        )}
      </FilterField>
      <FilterField label={t("filters.actor")}>
        {(id) => (
          <input id={id} name="actor" defaultValue={initial.actor} placeholder={t("filters.actorPlaceholder")} className="input w-48" />
        )}
      </FilterField>
      <SelectFilter
        label={t("filters.action")}
        name="action"
        defaultValue={initial.action ?? ""}
        anyLabel={t("filters.any")}
        options={[
          ...ACTION_OPTIONS.map((o) => o.value as string),
          ...(initial.action && !ACTION_OPTIONS.some((o) => o.value === initial.action) ? [initial.action] : []),
        ].map((value) => {
          const text = actionLabel(value);
          return { value, label: text === value ? value : t("filters.actionOption", { label: text, value }) };
        })}
      />
      <FilterField label={t("filters.target")}>
        {(id) => <input id={id} name="target" defaultValue={initial.target} className="input w-40" />}
      </FilterField>
      <SelectFilter
        label={t("filters.outcome")}
        name="outcome"
        defaultValue={initial.outcome ?? ""}
        anyLabel={t("filters.any")}
        options={OUTCOME_FILTERS.map((o) => ({ value: o, label: t(`outcomes.${o}`) }))}
      />
      <FilterField label={t("filters.bulk")}>
        {(id) => <input id={id} name="bulk" defaultValue={initial.bulk} className="input w-32" />}
      </FilterField>
      <SelectFilter
        label={t("filters.range")}
        name="range"
        value={range}
        onChange={(e) => setRange(e.target.value)}
        anyLabel={t("filters.anyTime")}
        options={[
          { value: "1h", label: t("filters.lastHour") },
          { value: "24h", label: t("filters.last24h") },
          { value: "7d", label: t("filters.last7d") },
          { value: "custom", label: t("filters.custom") },
        ]}
      />
      {range === "custom" && (
        <>
          <FilterField label={t("filters.from")}>
            {(id) => <input id={id} type="datetime-local" name="from" defaultValue={initial.from} className="input" />}
          </FilterField>
          <FilterField label={t("filters.to")}>
            {(id) => <input id={id} type="datetime-local" name="to" defaultValue={initial.to} className="input" />}
          </FilterField>
        </>
      )}
    </FilterForm>
  );
}
