"use client";

import { useState } from "react";
import { adoptLoginInput } from "@/lib/logins/schema";
import { Dialog } from "@/components/dialog";
import { invalidInput } from "@/components/form-errors";
import { LoginExpiryFields, expiryInput, rememberDuration, useExpiryDraft } from "./login-expiry-fields";
import { useAdoptLogin } from "./use-lease-mutations";

/** Takes a login opened outside the console under its care: it gets an expiry and a reason like one the console opened. */
export function AdoptLoginDialog({ instanceId, onClose, onSettled }: { instanceId: string; onClose: () => void; onSettled?: () => void }) {
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
    const parsed = adoptLoginInput.safeParse({ instanceId, ...expiry });
    if (!parsed.success) return setErrors(invalidInput(parsed.error).fieldErrors ?? {});
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
    <Dialog title={`Adopt login on ${instanceId}`} open onClose={close}>
      <form className="space-y-4" onSubmit={submit} noValidate>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Login on <span className="font-mono">{instanceId}</span> was opened outside the console. Adopting it gives it an expiry and a
          reason: the console then closes it like one it opened.
        </p>
        <LoginExpiryFields draft={draft} onChange={setDraft} errors={errors} />
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={close} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="btn-primary" disabled={busy} aria-busy={busy || undefined}>
            Adopt login
          </button>
        </div>
      </form>
    </Dialog>
  );
}
