"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { updateAccessPolicy } from "@/lib/actions/requests";
import type { ActionError } from "@/lib/actions/result";
import { accessPolicyInput, type AccessPolicy } from "@/lib/requests/schema";
import { showErrorToast, showSuccessToast } from "@/components/error-toast";
import { invalidInput } from "@/components/form-errors";
import { Field } from "@/components/ui/field";

/** A number field's value as the schema reads it: a number, or nothing when left empty. */
const numberOf = (v: FormDataEntryValue | null) => {
  const s = String(v ?? "").trim();
  return s === "" ? undefined : Number(s);
};

/**
 * The access policy (admins, /settings/access): the form parses the action's own schema first,
 * so the server gets numbers as numbers and the fields say what is wrong before anything is sent.
 */
export function AccessPolicyForm({ policy }: { policy: AccessPolicy }) {
  const t = useTranslations("settings.form");
  const locale = useLocale();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const fail = (e: ActionError) => {
    setFieldErrors(e.fieldErrors ?? {});
    showErrorToast(t("failed"), e);
  };

  const onSubmit = (form: HTMLFormElement) => {
    const f = new FormData(form);
    const checked = accessPolicyInput.safeParse({
      loginMode: f.get("loginMode"),
      loginApprovals: numberOf(f.get("loginApprovals")),
      loginApprovers: f.get("loginApprovers"),
      loginMaxMinutes: numberOf(f.get("loginMaxMinutes")),
      requestWaitMinutes: numberOf(f.get("requestWaitMinutes")),
      shareMode: f.get("shareMode"),
      breakGlass: f.get("breakGlass") === "on",
      personalKeysOnly: f.get("personalKeysOnly") === "on",
    });
    if (!checked.success) {
      const error = invalidInput(checked.error, locale);
      setFieldErrors(error.fieldErrors ?? {});
      form.querySelector<HTMLElement>(`[name="${Object.keys(error.fieldErrors ?? {})[0]}"]`)?.focus();
      return;
    }
    start(async () => {
      const res = await updateAccessPolicy(checked.data);
      if (!res.ok) return fail(res.error);
      setFieldErrors({});
      showSuccessToast(t("saved"));
      router.refresh();
    });
  };

  return (
    <form
      className="card grid max-w-2xl gap-4 p-4 sm:grid-cols-2"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(e.currentTarget);
      }}
    >
      <Field label={t("loginMode")} hint={t("loginModeHint")} error={fieldErrors.loginMode}>
        {(control) => (
          <select {...control} name="loginMode" className="input" defaultValue={policy.loginMode}>
            <option value="direct">{t("modes.direct")}</option>
            <option value="approval">{t("modes.approval")}</option>
          </select>
        )}
      </Field>
      <Field label={t("loginApprovals")} hint={t("loginApprovalsHint")} error={fieldErrors.loginApprovals}>
        {(control) => (
          <select {...control} name="loginApprovals" className="input" defaultValue={String(policy.loginApprovals)}>
            <option value="1">1</option>
            <option value="2">2</option>
          </select>
        )}
      </Field>
      <Field label={t("loginApprovers")} error={fieldErrors.loginApprovers}>
        {(control) => (
          <select {...control} name="loginApprovers" className="input" defaultValue={policy.loginApprovers}>
            <option value="operators">{t("approvers.operators")}</option>
            <option value="admins">{t("approvers.admins")}</option>
          </select>
        )}
      </Field>
      <Field label={t("loginMaxMinutes")} hint={t("loginMaxMinutesHint")} error={fieldErrors.loginMaxMinutes}>
        {(control) => (
          <input
            {...control}
            name="loginMaxMinutes"
            type="number"
            inputMode="numeric"
            min={1}
            max={1440}
            step={1}
            className="input"
            defaultValue={policy.loginMaxMinutes}
          />
        )}
      </Field>
      <Field label={t("requestWaitMinutes")} hint={t("requestWaitMinutesHint")} error={fieldErrors.requestWaitMinutes}>
        {(control) => (
          <input
            {...control}
            name="requestWaitMinutes"
            type="number"
            inputMode="numeric"
            min={5}
            max={10080}
            step={1}
            className="input"
            defaultValue={policy.requestWaitMinutes}
          />
        )}
      </Field>
      <Field label={t("shareMode")} error={fieldErrors.shareMode}>
        {(control) => (
          <select {...control} name="shareMode" className="input" defaultValue={policy.shareMode}>
            <option value="direct">{t("shareModes.direct")}</option>
            <option value="approval">{t("shareModes.approval")}</option>
          </select>
        )}
      </Field>
      <div className="flex flex-col gap-1 text-sm sm:col-span-2">
        <label className="flex items-center gap-2">
          <input
            name="breakGlass"
            type="checkbox"
            defaultChecked={policy.breakGlass}
            aria-describedby="break-glass-hint"
            aria-invalid={fieldErrors.breakGlass ? true : undefined}
          />
          {t("breakGlass")}
        </label>
        <span id="break-glass-hint" className="text-xs text-slate-600 dark:text-slate-400">
          {t("breakGlassHint")}
        </span>
        {fieldErrors.breakGlass && <span className="text-xs text-red-700 dark:text-red-300">{fieldErrors.breakGlass}</span>}
      </div>
      <div className="flex flex-col gap-1 text-sm sm:col-span-2">
        <label className="flex items-center gap-2">
          <input
            name="personalKeysOnly"
            type="checkbox"
            defaultChecked={policy.personalKeysOnly}
            aria-describedby="personal-keys-only-hint"
            aria-invalid={fieldErrors.personalKeysOnly ? true : undefined}
          />
          {t("personalKeysOnly")}
        </label>
        <span id="personal-keys-only-hint" className="text-xs text-slate-600 dark:text-slate-400">
          {t("personalKeysOnlyHint")}
        </span>
        {fieldErrors.personalKeysOnly && <span className="text-xs text-red-700 dark:text-red-300">{fieldErrors.personalKeysOnly}</span>}
      </div>
      <div className="sm:col-span-2">
        <button type="submit" className="btn-primary" disabled={pending}>
          {t("save")}
        </button>
      </div>
    </form>
  );
}
