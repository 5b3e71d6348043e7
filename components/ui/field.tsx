import clsx from "clsx";
import { useId } from "react";

/** What a Field hands its control: spread it on the input, select or textarea. */
export interface FieldControl {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/**
 * One form field: its label, the control (`children` renders it with the props it gets), a hint
 * and the field's error under it. The control is described by the hint, the error and any
 * `describedBy` ids given, and is `aria-invalid` while there is an error.
 */
export function Field({
  label,
  hint,
  error,
  errorRole,
  describedBy,
  id,
  className,
  labelClassName,
  children,
}: {
  label: React.ReactNode;
  hint?: React.ReactNode;
  /** The field's error; nothing is shown without one. */
  error?: string;
  /** `alert` to announce the error as soon as it shows (one that appears while typing). */
  errorRole?: "alert";
  /** More ids that describe the control (a preview shown elsewhere). */
  describedBy?: string;
  /** The control's id; made up when not given. */
  id?: string;
  className?: string;
  labelClassName?: string;
  children: (control: FieldControl) => React.ReactNode;
}) {
  const made = useId();
  const controlId = id ?? made;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-err` : undefined;
  const description = [hintId, describedBy, errorId].filter(Boolean).join(" ");
  return (
    <div className={clsx("flex flex-col gap-1 text-sm", className)}>
      <label htmlFor={controlId} className={labelClassName}>
        {label}
      </label>
      {children({ id: controlId, "aria-invalid": error ? true : undefined, "aria-describedby": description || undefined })}
      {hint && (
        <span id={hintId} className="text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} role={errorRole} className="text-xs text-red-700 dark:text-red-300">
          {error}
        </span>
      )}
    </div>
  );
}

/** A list of read-only values, label above value, in a grid of `columns` (2, then 3 or 4 on wider screens). */
export function DetailList({ columns = 3, children }: { columns?: 3 | 4; children: React.ReactNode }) {
  return <dl className={clsx("grid grid-cols-2 gap-3", columns === 4 ? "md:grid-cols-4" : "md:grid-cols-3")}>{children}</dl>;
}

/** One value of a DetailList; an empty value reads "—". */
export function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs uppercase text-slate-500">{label}</dt>
      <dd className="mt-0.5 break-all text-sm">{children || "—"}</dd>
    </div>
  );
}
