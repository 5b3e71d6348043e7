"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { operationListSearch } from "@/lib/queries/operations";
import type { JobListFilter } from "@/lib/jobs/schema";
import { JOB_LIST_KINDS, JOB_STATES } from "@/lib/jobs/types";
import { FilterField, FilterForm, SelectFilter } from "@/components/ui/select-filter";
import { KIND_KEY } from "./state-badges";

/** Every filter lives in the URL: applying one navigates (back to the newest page), so a copied URL reproduces the view. */
export function OperationFilters({ initial }: { initial: JobListFilter }) {
  const t = useTranslations("operations");
  const router = useRouter();
  return (
    <FilterForm
      label={t("filters.label")}
      applyLabel={t("filters.apply")}
      clearLabel={t("filters.clear")}
      onClear={() => router.push("/operations")}
      onApply={(data) => {
        const text = (k: string) => String(data.get(k) ?? "").trim() || undefined;
        const qs = operationListSearch({
          kind: text("kind") as JobListFilter["kind"],
          state: text("state") as JobListFilter["state"],
          actor: text("actor"),
        }).toString();
        router.push(qs ? `/operations?${qs}` : "/operations");
      }}
    >
      <SelectFilter
        label={t("filters.kind")}
        name="kind"
        defaultValue={initial.kind ?? ""}
        anyLabel={t("filters.any")}
        options={JOB_LIST_KINDS.map((k) => ({ value: k, label: t(`kinds.${KIND_KEY[k]}`) }))}
      />
      <SelectFilter
        label={t("filters.state")}
        name="state"
        defaultValue={initial.state ?? ""}
        anyLabel={t("filters.any")}
        options={JOB_STATES.map((s) => ({ value: s, label: t(`states.${s}`) }))}
      />
      <FilterField label={t("filters.actor")}>
        {(id) => (
          <input id={id} name="actor" defaultValue={initial.actor} placeholder={t("filters.actorPlaceholder")} className="input w-56" />
        )}
      </FilterField>
    </FilterForm>
  );
}
