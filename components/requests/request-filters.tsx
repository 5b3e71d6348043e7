"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { FilterForm, SelectFilter } from "@/components/ui/select-filter";
import { REQUEST_STATES, type RequestListFilter, type RequestState } from "@/lib/requests/schema";
import type { RequestKind } from "@/lib/requests/view";
import { requestsHref } from "./href";

const KINDS: readonly RequestKind[] = ["login", "share", "schedule"];

/** State and kind, in the URL: applying navigates to the newest page of the same tab. */
export function RequestFilters({ initial }: { initial: RequestListFilter }) {
  const t = useTranslations("requests");
  const router = useRouter();
  return (
    <FilterForm
      label={t("filters.label")}
      applyLabel={t("filters.apply")}
      clearLabel={t("filters.clear")}
      onClear={() => router.push(requestsHref({ tab: initial.tab }))}
      onApply={(data) => {
        const text = (k: string) => String(data.get(k) ?? "").trim() || undefined;
        router.push(
          requestsHref({
            tab: initial.tab,
            state: text("state") as RequestState | undefined,
            kind: text("kind") as RequestKind | undefined,
          }),
        );
      }}
    >
      <SelectFilter
        label={t("filters.state")}
        name="state"
        defaultValue={initial.state ?? ""}
        anyLabel={t("filters.any")}
        options={REQUEST_STATES.map((s) => ({ value: s, label: t(`states.${s}`) }))}
      />
      <SelectFilter
        label={t("filters.kind")}
        name="kind"
        defaultValue={initial.kind ?? ""}
        anyLabel={t("filters.any")}
        options={KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
      />
    </FilterForm>
  );
}
