"use client";

import { useTranslations } from "next-intl";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";
import { FilterField, FilterForm, SelectFilter } from "@/components/ui/select-filter";
import { useUrlText } from "../use-url-text";

const STATUSES = ["available", "verifying", "disable"];
const TYPES = ["public", "private"];

/** Status, type and id search, all kept in the URL so the view can be bookmarked and shared. */
export function ImageFilters() {
  const t = useTranslations("images");
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [q, setQ, markSent] = useUrlText(params.get("q") ?? "");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The query last asked for: quick successive changes must build on it, not on a URL that has not landed yet.
  const pending = useRef<string | null>(null);

  useEffect(() => {
    if (pending.current === params.toString()) pending.current = null;
  }, [params]);

  const update = (key: string, value: string) => {
    const next = new URLSearchParams(pending.current ?? params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    const qs = next.toString();
    pending.current = qs;
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };

  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <FilterForm label={t("filters.label")}>
      <FilterField label={t("filters.search")}>
        {(id) => (
          <input
            id={id}
            type="search"
            className="input w-80"
            placeholder={t("filters.searchPlaceholder")}
            value={q}
            onChange={(e) => {
              const v = e.target.value;
              setQ(v);
              clearTimeout(timer.current);
              timer.current = setTimeout(() => {
                markSent(v.trim());
                update("q", v.trim());
              }, 300);
            }}
          />
        )}
      </FilterField>
      <SelectFilter
        label={t("filters.status")}
        value={params.get("status") ?? ""}
        onChange={(e) => update("status", e.target.value)}
        anyLabel={t("filters.anyStatus")}
        options={STATUSES.map((s) => ({ value: s, label: t("status.name", { status: s }) }))}
      />
      <SelectFilter
        label={t("filters.type")}
        value={params.get("type") ?? ""}
        onChange={(e) => update("type", e.target.value)}
        anyLabel={t("filters.anyType")}
        options={TYPES.map((type) => ({ value: type, label: t("type", { type }) }))}
      />
    </FilterForm>
  );
}
