import clsx from "clsx";

/**
 * A dialog's footer: Cancel, then the primary action. The primary submits the dialog's form, or
 * with `onConfirm` acts on click. While `pending`, both are disabled and the primary is aria-busy.
 */
export function DialogActions({
  cancelLabel,
  onCancel,
  confirmLabel,
  onConfirm,
  pending = false,
  disabled = false,
  danger = false,
  autoFocus,
  className,
}: {
  cancelLabel: string;
  onCancel: () => void;
  confirmLabel: string;
  /** Without it the primary is the form's submit button. */
  onConfirm?: () => void;
  pending?: boolean;
  /** The primary cannot act yet (nothing chosen). */
  disabled?: boolean;
  /** A destructive action: the primary is red. */
  danger?: boolean;
  /** Focus the primary when the dialog opens. */
  autoFocus?: boolean;
  className?: string;
}) {
  return (
    <div className={clsx("flex justify-end gap-2", className)}>
      <button type="button" className="btn-secondary" onClick={onCancel} disabled={pending || undefined}>
        {cancelLabel}
      </button>
      <button
        type={onConfirm ? "button" : "submit"}
        className={danger ? "btn-danger" : "btn-primary"}
        onClick={onConfirm}
        disabled={disabled || pending || undefined}
        aria-busy={pending || undefined}
        autoFocus={autoFocus}
      >
        {confirmLabel}
      </button>
    </div>
  );
}
