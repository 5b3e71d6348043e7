"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { showErrorToast, showSuccessToast } from "@/components/error-toast";
import { invalidInput, UNREACHABLE } from "@/components/form-errors";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Field } from "@/components/ui/field";
import { createDestination } from "@/lib/actions/destinations";
import type { ActionError } from "@/lib/actions/result";
import { createDestinationInput, DESTINATION_KINDS, DESTINATION_LANGUAGES, filterList } from "@/lib/outbound/schema";

/** A checkbox with its hint and error, as the access policy form has them. */
function Check({ name, label, hint, error }: { name: string; label: string; hint: string; error?: string }) {
  return (
    <div className="flex flex-col gap-1 text-sm">
      <label className="flex items-center gap-2">
        <input name={name} type="checkbox" aria-describedby={`${name}-hint`} aria-invalid={error ? true : undefined} />
        {label}
      </label>
      <span id={`${name}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
        {hint}
      </span>
      {error && <span className="text-xs text-red-700 dark:text-red-300">{error}</span>}
    </div>
  );
}

/**
 * `Add destination`: the form in a dialog, parsed with the action's own schema first. A webhook's
 * signing secret comes back once and is shown here, with a copy button, until the page is left.
 */
export function AddDestination() {
  const t = useTranslations("settings.destinations");
  const locale = useLocale();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<(typeof DESTINATION_KINDS)[number]>("webhook");
  const [pending, start] = useTransition();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);

  const fail = (e: ActionError) => {
    setFieldErrors(e.fieldErrors ?? {});
    showErrorToast(t("saveFailed"), e);
  };

  const onSubmit = (form: HTMLFormElement) => {
    const f = new FormData(form);
    const checked = createDestinationInput.safeParse({
      name: f.get("name"),
      kind: f.get("kind"),
      url: f.get("url"),
      secret: String(f.get("secret") ?? "").trim() || undefined,
      language: f.get("language") ?? "en",
      auditStream: f.get("auditStream") === "on",
      notifications: f.get("notifications") === "on",
      filter: filterList(String(f.get("filter") ?? "")),
    });
    if (!checked.success) {
      const error = invalidInput(checked.error, locale);
      setFieldErrors(error.fieldErrors ?? {});
      form.querySelector<HTMLElement>(`[name="${Object.keys(error.fieldErrors ?? {})[0]}"]`)?.focus();
      return;
    }
    const { destinationId: _id, ...input } = checked.data;
    start(async () => {
      const res = await createDestination(input).catch(() => ({ ok: false as const, error: UNREACHABLE }));
      if (!res.ok) return fail(res.error);
      setFieldErrors({});
      setOpen(false);
      showSuccessToast(t("saved", { name: input.name }));
      if (res.data.secret) setSecret({ name: input.name, value: res.data.secret });
      router.refresh();
    });
  };

  return (
    <>
      <button type="button" className="btn-primary" onClick={() => setOpen(true)}>
        {t("add")}
      </button>
      {secret && (
        <div role="status" className="card mt-3 flex max-w-3xl flex-wrap items-center gap-2 p-3 text-sm">
          <span>{t("secretOnce", { name: secret.name })}</span>
          <code className="break-all font-mono text-xs">{secret.value}</code>
          <CopyButton value={secret.value} label={t("copySecret")} />
        </div>
      )}
      <Dialog title={t("addTitle")} open={open} onClose={() => setOpen(false)} wide>
        <form
          className="grid gap-4 sm:grid-cols-2"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit(e.currentTarget);
          }}
        >
          <Field label={t("name")} error={fieldErrors.name}>
            {(control) => <input {...control} name="name" className="input" maxLength={80} autoComplete="off" />}
          </Field>
          <Field label={t("kind")} error={fieldErrors.kind}>
            {(control) => (
              <select
                {...control}
                name="kind"
                className="input"
                value={kind}
                onChange={(e) => setKind(e.target.value as (typeof DESTINATION_KINDS)[number])}
              >
                {DESTINATION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`kinds.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("url")} hint={t("urlHint")} error={fieldErrors.url} className="sm:col-span-2">
            {(control) => <input {...control} name="url" type="url" className="input font-mono" autoComplete="off" spellCheck={false} />}
          </Field>
          {kind === "dingtalk" && (
            <>
              <Field label={t("secret")} hint={t("secretHint")} error={fieldErrors.secret}>
                {(control) => <input {...control} name="secret" type="password" className="input font-mono" autoComplete="off" />}
              </Field>
              <Field label={t("language")} hint={t("languageHint")} error={fieldErrors.language}>
                {(control) => (
                  <select {...control} name="language" className="input" defaultValue="zh-CN">
                    {DESTINATION_LANGUAGES.map((l) => (
                      <option key={l} value={l}>
                        {t(`languages.${l}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </>
          )}
          <Check name="auditStream" label={t("auditStream")} hint={t("auditStreamHint")} error={fieldErrors.auditStream} />
          <Check name="notifications" label={t("notifications")} hint={t("notificationsHint")} error={fieldErrors.notifications} />
          <Field label={t("filter")} hint={t("filterHint")} error={fieldErrors.filter} className="sm:col-span-2">
            {(control) => <input {...control} name="filter" className="input font-mono" autoComplete="off" spellCheck={false} />}
          </Field>
          <DialogActions
            className="sm:col-span-2"
            cancelLabel={t("cancel")}
            onCancel={() => setOpen(false)}
            confirmLabel={t("save")}
            pending={pending}
          />
        </form>
      </Dialog>
    </>
  );
}
