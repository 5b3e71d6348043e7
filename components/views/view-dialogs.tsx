"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteView, renameView, saveView } from "@/lib/actions/views";
import type { ActionError } from "@/lib/actions/result";
import type { SavedViewItem } from "@/lib/views/view";
import { VIEW_NAME_MAX } from "@/lib/views/schema";
import { showSuccessToast, useErrorText } from "@/components/error-toast";
import { UNREACHABLE } from "@/components/form-errors";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field } from "@/components/ui/field";

// The dialogs of saved views, loaded when one is opened: Save view, Rename view, Delete view.

/** The action's error: a name in use is said by the name field, anything else above the buttons. */
function useFailure() {
  const t = useTranslations("views.save");
  const text = useErrorText();
  const [error, setError] = useState<ActionError | null>(null);
  const nameError = error?.code === "Console.Conflict" ? t("duplicate") : error?.fieldErrors?.name;
  const panel = error && !nameError ? { ...error, message: text(error) } : null;
  return { error, setError, nameError, panel };
}

export function SaveViewDialog({ query, onClose }: { query: string; onClose: () => void }) {
  const t = useTranslations("views.save");
  const router = useRouter();
  const [pending, start] = useTransition();
  const { setError, nameError, panel } = useFailure();
  const onSubmit = (form: HTMLFormElement) => {
    const f = new FormData(form);
    const name = String(f.get("name") ?? "");
    start(async () => {
      const res = await saveView({ name, query, shared: f.get("shared") === "on" }).catch(() => ({
        ok: false as const,
        error: UNREACHABLE,
      }));
      if (!res.ok) return setError(res.error);
      showSuccessToast(t("done", { name: res.data.name }));
      onClose();
      router.refresh();
    });
  };
  return (
    <Dialog title={t("title")} open onClose={onClose}>
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(e.currentTarget);
        }}
      >
        <p className="text-sm text-slate-600 dark:text-slate-400">{query ? t("intro") : t("noFilter")}</p>
        {query && <p className="break-all font-mono text-xs text-slate-500">?{query}</p>}
        <Field label={t("name")} error={nameError}>
          {(control) => <input {...control} name="name" className="input" required maxLength={VIEW_NAME_MAX} autoFocus />}
        </Field>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="shared" className="mt-1" aria-describedby="save-view-shared-hint" />
          <span>
            {t("shared")}
            <span id="save-view-shared-hint" className="block text-xs text-slate-600 dark:text-slate-400">
              {t("sharedHint")}
            </span>
          </span>
        </label>
        {panel && <ErrorPanel title={t("failed")} error={panel} />}
        <DialogActions cancelLabel={t("cancel")} onCancel={onClose} confirmLabel={t("submit")} pending={pending} />
      </form>
    </Dialog>
  );
}

export function RenameViewDialog({ view, onClose }: { view: SavedViewItem; onClose: () => void }) {
  const t = useTranslations("views");
  const router = useRouter();
  const [pending, start] = useTransition();
  const { setError, nameError, panel } = useFailure();
  const onSubmit = (form: HTMLFormElement) => {
    const name = String(new FormData(form).get("name") ?? "");
    start(async () => {
      const res = await renameView({ viewId: view.id, name }).catch(() => ({ ok: false as const, error: UNREACHABLE }));
      if (!res.ok) return setError(res.error);
      showSuccessToast(t("rename.done", { name: res.data.name }));
      onClose();
      router.refresh();
    });
  };
  return (
    <Dialog title={t("rename.title")} open onClose={onClose}>
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(e.currentTarget);
        }}
      >
        <Field label={t("save.name")} error={nameError}>
          {(control) => (
            <input {...control} name="name" className="input" required maxLength={VIEW_NAME_MAX} defaultValue={view.name} autoFocus />
          )}
        </Field>
        {panel && <ErrorPanel title={t("rename.failed")} error={panel} />}
        <DialogActions cancelLabel={t("save.cancel")} onCancel={onClose} confirmLabel={t("rename.submit")} pending={pending} />
      </form>
    </Dialog>
  );
}

export function DeleteViewDialog({ view, onClose }: { view: SavedViewItem; onClose: () => void }) {
  const t = useTranslations("views");
  const text = useErrorText();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  const onConfirm = () =>
    start(async () => {
      const res = await deleteView({ viewId: view.id }).catch(() => ({ ok: false as const, error: UNREACHABLE }));
      if (!res.ok) return setError(res.error);
      showSuccessToast(t("delete.done", { name: view.name }));
      onClose();
      router.refresh();
    });
  return (
    <Dialog title={t("delete.title")} open onClose={onClose}>
      <div className="space-y-3">
        <p className="text-sm">{t("delete.body", { name: view.name })}</p>
        {error && <ErrorPanel title={t("delete.failed")} error={{ ...error, message: text(error) }} />}
        <DialogActions
          cancelLabel={t("save.cancel")}
          onCancel={onClose}
          confirmLabel={t("delete.submit")}
          onConfirm={onConfirm}
          pending={pending}
          danger
          autoFocus
        />
      </div>
    </Dialog>
  );
}
