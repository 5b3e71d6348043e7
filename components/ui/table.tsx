import clsx from "clsx";

// The console's one table: every list renders through these, so headers always carry `scope`
// (test/architecture/ui-primitives.test.ts keeps raw <table> and <th> out of the rest of the UI).

type Container = "scroll" | "card" | "none";

const CONTAINERS: Record<Exclude<Container, "none">, string> = {
  scroll: "overflow-x-auto",
  card: "card overflow-x-auto",
};

/**
 * A table with its caption (read by screen readers, hidden on screen) in a container that scrolls
 * sideways: `scroll` (default) alone, `card` in a card, `none` bare (the caller's own container).
 */
export function Table({
  caption,
  container = "scroll",
  containerClassName,
  className,
  children,
  ...props
}: React.TableHTMLAttributes<HTMLTableElement> & { caption?: React.ReactNode; container?: Container; containerClassName?: string }) {
  const table = (
    <table className={clsx("w-full border-collapse text-left text-sm", className)} {...props}>
      {caption && <caption className="sr-only">{caption}</caption>}
      {children}
    </table>
  );
  return container === "none" ? table : <div className={clsx(CONTAINERS[container], containerClassName)}>{table}</div>;
}

/** The header row group; `sticky` keeps it on top of a scrolling container. */
export function THead({ sticky, className, children }: { sticky?: boolean; className?: string; children: React.ReactNode }) {
  return (
    <thead
      className={clsx(
        "border-b border-slate-200 dark:border-slate-800",
        sticky && "sticky top-0 z-10 bg-slate-50 dark:bg-slate-900",
        className,
      )}
    >
      <tr>{children}</tr>
    </thead>
  );
}

/** A column header (`scope="col"`), or with `row` the header of its row (`scope="row"`). */
export function Th({ row, className, ...props }: Omit<React.ThHTMLAttributes<HTMLTableCellElement>, "scope"> & { row?: boolean }) {
  return (
    <th
      scope={row ? "row" : "col"}
      className={clsx("px-2 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500", className)}
      {...props}
    />
  );
}

/** A column header that says nothing on screen: `label` is for screen readers (a column of buttons). */
export function ThHidden({ label, className }: { label: string; className?: string }) {
  return (
    <Th className={className}>
      <span className="sr-only">{label}</span>
    </Th>
  );
}

export function Tbody(props: React.HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody {...props} />;
}

/**
 * A body row with the list's divider: its cells align to the top (rows of text), or with
 * `align="middle"` to the middle (rows of controls); `hover` highlights it under the pointer.
 */
export function Tr({
  hover,
  align = "top",
  className,
  ...props
}: React.HTMLAttributes<HTMLTableRowElement> & { hover?: boolean; align?: "top" | "middle" }) {
  return (
    <tr
      className={clsx(
        "border-b border-slate-100 last:border-0 dark:border-slate-800",
        align === "top" ? "align-top" : "align-middle",
        hover && "hover:bg-slate-50 dark:hover:bg-slate-800/50",
        className,
      )}
      {...props}
    />
  );
}

/** A cell; `tight` drops the vertical padding (rows of a fixed height). It aligns as its row says. */
export function Td({ tight, className, ...props }: React.TdHTMLAttributes<HTMLTableCellElement> & { tight?: boolean }) {
  return <td className={clsx(tight ? "px-2" : "px-2 py-1.5", className)} {...props} />;
}

/** The one row of a table with no rows to show, across all `columns`. */
export function EmptyRow({ columns, children }: { columns: number; children: React.ReactNode }) {
  return (
    <tr>
      <td colSpan={columns} className="p-6 text-center text-slate-500">
        {children}
      </td>
    </tr>
  );
}

/** What a list says instead of a table: still loading, or nothing to show. */
export function TableMessage({ role, children }: { role?: "status"; children: React.ReactNode }) {
  return (
    <p role={role} className="py-6 text-sm text-slate-500">
      {children}
    </p>
  );
}
