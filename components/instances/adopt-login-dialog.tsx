"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { adoptLoginInput } from "@/lib/logins/schema";
import { safeParseIn } from "@/lib/validation/localize";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { invalidInput } from "@/components/form-errors";
import { LoginExpiryFields, expiryInput, rememberDuration, useExpiryDraft } from "./login-expiry-fields";
import { useAdoptLogin } from "./use-lease-mutations";

/** Takes a login opened outside the console under its care: it gets an expiry and a reason like one the console opened. */
export function AdoptLoginDialog({ instanceId, onClose, onSettled }: { instanceId: string; onClose: () => void; onSettled?: () => void }) {
  const t = useTranslations("instances.adoptDialog");
  const locale = useLocale();
  const mutation = useAdoptLogin(instanceId, onSettled);
  const [draft, setDraft] = useExpiryDraft();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const busy = mutation.isPending;
  const close = () => {
    if (!busy) onClose();
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const expiry = expiryInput(draft);
    const parsed = safeParseIn(adoptLoginInput, { instanceId, ...expiry }, locale);
    if (!parsed.success) return setErrors(invalidInput(parsed.error, locale).fieldErrors ?? {});
    setErrors({});
    const input = { ...expiry, reason: expiry.reason.trim() };
    mutation.mutate(input, {
      onSuccess: () => {
        rememberDuration(input);
        onClose();
      },
    });
  };

  return (
    <Dialog title={t("title", { id: instanceId })} open onClose={close}>
      <form className="space-y-4" onSubmit={submit} noValidate>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          {t.rich("explain", { id: instanceId, mono: (c) => <span className="font-mono">{c}</span> })}
        </p>
        <LoginExpiryFields draft={draft} onChange={setDraft} errors={errors} />
        <DialogActions cancelLabel={t("cancel")} onCancel={close} confirmLabel={t("submit")} pending={busy} />
      </form>
    </Dialog>
  );
}
