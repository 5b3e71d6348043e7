import { useTranslations } from "next-intl";
import type { CountLink as Count } from "@/lib/overview/view";
import { countWords } from "@/lib/overview/words";
import { CountLink } from "./count-link";

interface Props {
  id: string;
  title: string;
  counts: Count[];
}

/** A titled row of counts, each a label over a large linked number. */
export function CountTiles({ id, title, counts }: Props) {
  const t = useTranslations("overview");
  return (
    <section aria-labelledby={id} className="card p-4">
      <h2 id={id} className="text-sm font-semibold">
        {title}
      </h2>
      <ul className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {counts.map((c) => (
          <li key={c.href} className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
            <div className="text-xs text-slate-600 dark:text-slate-400">{countWords(t, c).label}</div>
            <CountLink count={c} className="mt-1 inline-block text-2xl font-semibold" />
          </li>
        ))}
      </ul>
    </section>
  );
}
