"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { operationListSearch } from "@/lib/queries/operations";
import type { OperationListFilter } from "@/lib/operations/schema";
import { OPERATION_KINDS, OPERATION_STATES } from "@/lib/operations/types";
import { KIND_KEY } from "./state-badges";

const label = "flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400";

/** Every filter lives in the URL: applying one navigates (back to the newest page), so a copied URL reproduces the view. */
export function OperationFilters({ initial }: { initial: OperationListFilter }) {
  const t = useTranslations("operations");
  const router = useRouter();
  return (
    <form
      role="search"
      aria-label={t("filters.label")}
      className="card flex flex-wrap items-end gap-3 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const text = (k: string) => String(data.get(k) ?? "").trim() || undefined;
        const qs = operationListSearch({
          kind: text("kind") as OperationListFilter["kind"],
          state: text("state") as OperationListFilter["state"],
          actor: text("actor"),
        }).toString();
        router.push(qs ? `/operations?${qs}` : "/operations");
      }}
    >
      <label className={label}>
        {t("filters.kind")}
        <select name="kind" defaultValue={initial.kind ?? ""} className="input">
          <option value="">{t("filters.any")}</option>
          {OPERATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${KIND_KEY[k]}`)}
            </option>
          ))}
        </select>
      </label>
      <label className={label}>
        {t("filters.state")}
        <select name="state" defaultValue={initial.state ?? ""} className="input">
          <option value="">{t("filters.any")}</option>
          {OPERATION_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`states.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label className={label}>
        {t("filters.actor")}
        <input name="actor" defaultValue={initial.actor} placeholder={t("filters.actorPlaceholder")} className="input w-56" />
      </label>
      <div className="flex gap-2">
        <button type="submit" className="btn-primary">
          {t("filters.apply")}
        </button>
        <button type="button" className="btn-secondary" onClick={() => router.push("/operations")}>
          {t("filters.clear")}
        </button>
      </div>
    </form>
  );
}
