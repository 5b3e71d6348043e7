"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { setLoginInput } from "@/lib/logins/schema";
import { safeParseIn } from "@/lib/validation/localize";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { ErrorPanel } from "@/components/ui/error-panel";
import { invalidInput } from "@/components/form-errors";
import { KeyPicker, choiceKind, parseChoice, useDefaultKeyChoice, type KeyChoice } from "./key-picker";
import { LoginExpiryFields, expiryInput, rememberDuration, useExpiryDraft, type ExpiryInput } from "./login-expiry-fields";

export type OpenLoginChoice = KeyChoice & ExpiryInput;

/** Asks which key or key group to open login with, for how long, and why. */
export function OpenLoginDialog({
  instanceId,
  onCancel,
  onConfirm,
}: {
  instanceId: string;
  onCancel: () => void;
  onConfirm: (c: OpenLoginChoice) => void;
}) {
  const t = useTranslations("instances.openDialog");
  const locale = useLocale();
  // The user's own personal key, when they have one.
  const defaultChoice = useDefaultKeyChoice();
  const [choice, setChoice] = useState(defaultChoice);
  const [draft, setDraft] = useExpiryDraft();
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!choice) return;
    const key = parseChoice(choice);
    const expiry = expiryInput(draft);
    // The action's own schema: what it would refuse is said here, beside the field.
    const parsed = safeParseIn(setLoginInput, { instanceId, action: "open", ...key, ...expiry }, locale);
    if (!parsed.success) return setErrors(invalidInput(parsed.error, locale).fieldErrors ?? {});
    rememberDuration(expiry);
    onConfirm({ ...key, ...expiry, reason: expiry.reason.trim() });
  };
  const other = Object.entries(errors).filter(([k]) => !["keyName", "durationMinutes", "noExpiry", "reason"].includes(k));

  return (
    <Dialog title={t("title", { id: instanceId })} open onClose={onCancel}>
      <form className="space-y-4" onSubmit={submit} noValidate>
        <KeyPicker value={choice} onChange={setChoice} error={errors.keyName} />
        <LoginExpiryFields draft={draft} onChange={setDraft} errors={errors} />
        <p className="text-sm text-slate-600 dark:text-slate-300">{t("holders", { ...choiceKind(parseChoice(choice)), id: instanceId })}</p>
        {other.length > 0 && (
          <ErrorPanel>
            <ul className="list-disc pl-5">
              {other.map(([k, m]) => (
                <li key={k}>{m}</li>
              ))}
            </ul>
          </ErrorPanel>
        )}
        <DialogActions cancelLabel={t("cancel")} onCancel={onCancel} confirmLabel={t("submit")} disabled={!choice} />
      </form>
    </Dialog>
  );
}
