"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ACTION_OPTIONS, filterToSearchParams, OUTCOME_FILTERS } from "@/lib/validation/history-params";
import { useActionLabel } from "./action-label";

type Values = Partial<Record<"actor" | "action" | "target" | "outcome" | "bulk" | "range" | "from" | "to" | "q", string>>;

const label = "flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400";

/** Every filter lives in the URL: applying one navigates, so a copied URL reproduces the view. */
export function HistoryFilters({ initial }: { initial: Values }) {
  const t = useTranslations("history");
  const actionLabel = useActionLabel();
  const router = useRouter();
  const [range, setRange] = useState(initial.range ?? "");
  return (
    <form
      role="search"
      aria-label={t("filters.label")}
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
        {t("filters.search")}
        <input type="search" name="q" defaultValue={initial.q} placeholder={t("filters.searchPlaceholder")} className="input w-56" />
      </label>
      <label className={label}>
        {t("filters.actor")}
        <input name="actor" defaultValue={initial.actor} placeholder={t("filters.actorPlaceholder")} className="input w-48" />
      </label>
      <label className={label}>
        {t("filters.action")}
        <select name="action" defaultValue={initial.action ?? ""} className="input">
          <option value="">{t("filters.any")}</option>
          {[
            ...ACTION_OPTIONS.map((o) => o.value as string),
            ...(initial.action && !ACTION_OPTIONS.some((o) => o.value === initial.action) ? [initial.action] : []),
          ].map((value) => {
            const text = actionLabel(value);
            return (
              <option key={value} value={value}>
                {text === value ? value : t("filters.actionOption", { label: text, value })}
              </option>
            );
          })}
        </select>
      </label>
      <label className={label}>
        {t("filters.target")}
        <input name="target" defaultValue={initial.target} className="input w-40" />
      </label>
      <label className={label}>
        {t("filters.outcome")}
        <select name="outcome" defaultValue={initial.outcome ?? ""} className="input">
          <option value="">{t("filters.any")}</option>
          {OUTCOME_FILTERS.map((o) => (
            <option key={o} value={o}>
              {t(`outcomes.${o}`)}
            </option>
          ))}
        </select>
      </label>
      <label className={label}>
        {t("filters.bulk")}
        <input name="bulk" defaultValue={initial.bulk} className="input w-32" />
      </label>
      <label className={label}>
        {t("filters.range")}
        <select name="range" value={range} onChange={(e) => setRange(e.target.value)} className="input">
          <option value="">{t("filters.anyTime")}</option>
          <option value="1h">{t("filters.lastHour")}</option>
          <option value="24h">{t("filters.last24h")}</option>
          <option value="7d">{t("filters.last7d")}</option>
          <option value="custom">{t("filters.custom")}</option>
        </select>
      </label>
      {range === "custom" && (
        <>
          <label className={label}>
            {t("filters.from")}
            <input type="datetime-local" name="from" defaultValue={initial.from} className="input" />
          </label>
          <label className={label}>
            {t("filters.to")}
            <input type="datetime-local" name="to" defaultValue={initial.to} className="input" />
          </label>
        </>
      )}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary">
          {t("filters.apply")}
        </button>
        <button type="button" className="btn-secondary" onClick={() => router.push("/history")}>
          {t("filters.clear")}
        </button>
      </div>
    </form>
  );
}
