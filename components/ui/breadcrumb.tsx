import clsx from "clsx";
import Link from "next/link";

export interface Crumb {
  label: React.ReactNode;
  /** Every crumb but the last links to its page; the last is the page itself. */
  href?: string;
  /** An identifier: monospaced and never translated. */
  mono?: boolean;
}

/** Where a detail page sits: a navigation landmark named `label` ("Breadcrumb"); the last crumb is `aria-current="page"`. */
export function Breadcrumb({ label, items }: { label: string; items: Crumb[] }) {
  return (
    <nav aria-label={label} className="text-sm text-slate-500 dark:text-slate-400">
      <ol className="flex flex-wrap items-center gap-1">
        {items.map((c, i) => {
          const last = i === items.length - 1;
          const mono = c.mono ? { className: "font-mono", translate: "no" as const } : {};
          return (
            <li key={i} className="flex items-center gap-1">
              {i > 0 && <span aria-hidden="true">/</span>}
              {last || !c.href ? (
                <span
                  aria-current={last ? "page" : undefined}
                  {...mono}
                  className={clsx("text-slate-700 dark:text-slate-300", mono.className)}
                >
                  {c.label}
                </span>
              ) : (
                <Link href={c.href} {...mono} className={clsx("text-sky-700 hover:underline dark:text-sky-400", mono.className)}>
                  {c.label}
                </Link>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
