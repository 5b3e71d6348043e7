"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useRef } from "react";
import { DialogActions } from "@/components/ui/dialog-actions";

interface Props {
  open: boolean;
  imageId: string;
  users: string[];
  onConfirm(): void;
  onCancel(): void;
}

/** A modal that names the image and every recipient before anything is sent. */
export function ConfirmShareDialog({ open, imageId, users, onConfirm, onCancel }: Props) {
  const t = useTranslations("images.confirm");
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
          {t("title", { imageId })}
        </h2>
        <p className="text-sm">{t.rich("body", { count: users.length, imageId, mono: (c) => <span className="font-mono">{c}</span> })}</p>
        <ul
          aria-label={t("recipients")}
          className="max-h-48 overflow-y-auto rounded border border-slate-200 p-2 font-mono text-sm dark:border-slate-700"
        >
          {users.map((u) => (
            <li key={u}>{u}</li>
          ))}
        </ul>
        {users.length > 10 && (
          <p className="text-xs text-slate-600 dark:text-slate-400">{t("batches", { batches: Math.ceil(users.length / 10), size: 10 })}</p>
        )}
        <DialogActions
          cancelLabel={t("cancel")}
          onCancel={onCancel}
          confirmLabel={t("submit", { count: users.length })}
          onConfirm={onConfirm}
          autoFocus
        />
      </div>
    </dialog>
  );
}
