"use client";

import { useEffect, useId, useRef } from "react";

interface Props {
  open: boolean;
  imageId: string;
  users: string[];
  onConfirm(): void;
  onCancel(): void;
}

/** A modal that names the image and every recipient before anything is sent. */
export function ConfirmShareDialog({ open, imageId, users, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      className="card m-auto w-[min(36rem,92vw)] p-0 text-slate-900 backdrop:bg-slate-900/50 dark:text-slate-100"
    >
      <div className="space-y-3 p-5">
        <h2 id={titleId} className="text-lg font-semibold">
          Share image {imageId}?
        </h2>
        <p className="text-sm">
          {users.length} {users.length === 1 ? "account" : "accounts"} will be able to use <span className="font-mono">{imageId}</span>.
          Sharing cannot be revoked from this console.
        </p>
        <ul
          aria-label="Recipients to confirm"
          className="max-h-48 overflow-y-auto rounded border border-slate-200 p-2 font-mono text-sm dark:border-slate-700"
        >
          {users.map((u) => (
            <li key={u}>{u}</li>
          ))}
        </ul>
        {users.length > 10 && (
          <p className="text-xs text-slate-600 dark:text-slate-400">
            They are sent to ENS in {Math.ceil(users.length / 10)} batches of at most 10.
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="btn-primary" onClick={onConfirm} autoFocus>
            Share with {users.length} {users.length === 1 ? "account" : "accounts"}
          </button>
        </div>
      </div>
    </dialog>
  );
}
