import clsx from "clsx";
import { useId } from "react";

// The filter bars (history, operations, images, instances): a search form of small labelled fields.

/**
 * A filter bar: a search landmark named `label` holding the fields. With `applyLabel`, its Apply
 * button hands the fields to `onApply` and Clear calls `onClear`; without, the fields apply as
 * they change (and Enter submits nothing).
 */
export function FilterForm({
  label,
  onApply,
  applyLabel,
  clearLabel,
  onClear,
  children,
}: {
  label: string;
  onApply?: (data: FormData) => void;
  applyLabel?: string;
  clearLabel?: string;
  onClear?: () => void;
  children: React.ReactNode;
}) {
  return (
    <form
      role="search"
      aria-label={label}
      className="card flex flex-wrap items-end gap-3 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        onApply?.(new FormData(e.currentTarget));
      }}
    >
      {children}
      {applyLabel && (
        <div className="flex gap-2">
          <button type="submit" className="btn-primary">
            {applyLabel}
          </button>
          {clearLabel && (
            <button type="button" className="btn-secondary" onClick={onClear}>
              {clearLabel}
            </button>
          )}
        </div>
      )}
    </form>
  );
}

/** One labelled control of a filter bar; `children` renders the control with the id its label points at. */
export function FilterField({
  label,
  id,
  children,
}: {
  label: React.ReactNode;
  /** The control's id; made up when not given. */
  id?: string;
  children: (id: string) => React.ReactNode;
}) {
  const made = useId();
  const controlId = id ?? made;
  return (
    <div className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
      <label htmlFor={controlId}>{label}</label>
      {children(controlId)}
    </div>
  );
}

export interface FilterOption {
  value: string;
  label: string;
}

/**
 * A labelled filter select: first the option that filters nothing (`anyLabel`, value ""), then
 * `options`, then any `children` (options rendered by the caller). Controlled (`value`) or not
 * (`defaultValue`), as a select is.
 */
export function SelectFilter({
  label,
  anyLabel,
  options = [],
  id,
  className,
  children,
  ...select
}: Omit<React.SelectHTMLAttributes<HTMLSelectElement>, "id"> & {
  label: React.ReactNode;
  anyLabel?: string;
  options?: readonly FilterOption[];
  id?: string;
}) {
  return (
    <FilterField label={label} id={id}>
      {(controlId) => (
        <select id={controlId} className={clsx("input", className)} {...select}>
          {anyLabel !== undefined && <option value="">{anyLabel}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          {children}
        </select>
      )}
    </FilterField>
  );
}
