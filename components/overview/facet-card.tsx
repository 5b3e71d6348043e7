import { useTranslations } from "next-intl";
import type { FacetGroup } from "@/lib/overview/view";
import { countWords } from "@/lib/overview/words";
import { CountLink } from "./count-link";

/** One facet of the fleet (state, node or spec) as a bar list, largest first. */
export function FacetCard({ group, total }: { group: FacetGroup; total: number }) {
  const t = useTranslations("overview");
  const id = `overview-${group.facet}`;
  return (
    <section aria-labelledby={id} className="card flex flex-col p-4">
      <h2 id={id} className="mb-3 text-sm font-semibold">
        {t(`facets.${group.facet}.title`)}
      </h2>
      {group.items.length === 0 ? (
        <p className="text-sm text-slate-500">{t("facets.empty")}</p>
      ) : (
        <ul className="max-h-80 space-y-1.5 overflow-y-auto pr-1 text-sm">
          {group.items.map((item) => {
            const { label } = countWords(t, item);
            return (
              <li key={item.href} className="grid grid-cols-[minmax(0,1fr)_5rem_3.5rem] items-center gap-2">
                <span className="truncate" title={label}>
                  {label}
                </span>
                <span aria-hidden="true" className="h-2 rounded-full bg-slate-100 dark:bg-slate-800">
                  <span
                    className="block h-2 rounded-full bg-sky-600 dark:bg-sky-500"
                    style={{ width: `${total ? Math.max(2, (item.count / total) * 100) : 0}%` }}
                  />
                </span>
                <CountLink count={item} className="text-right" />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
