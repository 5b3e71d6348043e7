"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { breakGlassLogin } from "@/lib/actions/requests";
import type { ActionError } from "@/lib/actions/result";
import { BREAK_GLASS_MAX_MINUTES, BREAK_GLASS_REASON_MIN, breakGlassInput } from "@/lib/requests/schema";
import { safeParseIn } from "@/lib/validation/localize";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { ErrorPanel } from "@/components/ui/error-panel";
import { showSuccessToast } from "@/components/error-toast";
import { invalidInput, UNREACHABLE } from "@/components/form-errors";
import { KeyPicker, parseChoice, useDefaultKeyChoice } from "./key-picker";
import { refreshLogin, writeFleetLogin, writeInstanceLogin } from "./login-cache";
import { LoginExpiryFields, expiryInput, useExpiryDraft } from "./login-expiry-fields";
import { ActionFailure } from "./use-login-mutation";

// Shown beside their fields; any other field error is listed in the alert.
const FIELD_KEYS = ["keyName", "durationMinutes", "reason"];

/**
 * Break-glass: opens login on one instance at once, without approval, for at most an hour and with
 * a reason of 20 characters or more. Every approver is told and an admin reviews it. Sent under the
 * instance's login mutation key, so its switch shows the change in flight like any open.
 */
export function BreakGlassDialog({ instanceId, onClose, onOpened }: { instanceId: string; onClose: () => void; onOpened?: () => void }) {
  const t = useTranslations("instances.breakGlass");
  const locale = useLocale();
  const qc = useQueryClient();
  // The user's own personal key, when they have one.
  const defaultChoice = useDefaultKeyChoice();
  const [choice, setChoice] = useState(defaultChoice);
  const [draft, setDraft] = useExpiryDraft(BREAK_GLASS_MAX_MINUTES);
  const [error, setError] = useState<ActionError | null>(null);
  const mutation = useMutation({
    mutationKey: ["login", instanceId],
    // `action` and `keyName` let the switch show the open while it is on its way.
    mutationFn: async ({ input }: { action: "open"; keyName?: string; input: unknown }) => {
      const res = await breakGlassLogin(input).catch(() => ({ ok: false as const, error: UNREACHABLE }));
      if (!res.ok) throw new ActionFailure(res.error);
      return res.data;
    },
  });
  const busy = mutation.isPending;
  // Dialog re-runs its focus effect when onClose changes: hand it one stable callback.
  const busyRef = useRef(false);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);
  const close = useCallback(() => {
    if (!busyRef.current) onCloseRef.current();
  }, []);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (busyRef.current || !choice) return;
    setError(null);
    const expiry = expiryInput(draft);
    // The action's own schema: what it would refuse is said here, beside the field.
    const input = { instanceId, ...parseChoice(choice), durationMinutes: expiry.durationMinutes, reason: expiry.reason };
    const parsed = safeParseIn(breakGlassInput, input, locale);
    if (!parsed.success) return setError(invalidInput(parsed.error, locale));
    busyRef.current = true;
    // The input as typed, not the parsed value: parsing adds `expiresAt`, which the action's strict
    // schema refuses (the server fixes the expiry at its own parse).
    mutation.mutate(
      { action: "open", keyName: parsed.data.keyName, input },
      {
        onSuccess: (data) => {
          if (data.login) {
            writeFleetLogin(qc, instanceId, data.login);
            writeInstanceLogin(qc, instanceId, data.login);
          }
          refreshLogin(qc, instanceId);
          showSuccessToast(t("opened", { id: instanceId }), t("openedDetail"));
          busyRef.current = false;
          onOpened?.();
          onCloseRef.current();
        },
        onError: (err) => {
          busyRef.current = false;
          refreshLogin(qc, instanceId);
          setError(err instanceof ActionFailure ? err.error : UNREACHABLE);
        },
      },
    );
  };
  const others = Object.entries(error?.fieldErrors ?? {}).filter(([k]) => !FIELD_KEYS.includes(k));

  return (
    <Dialog title={t("title", { id: instanceId })} open onClose={close}>
      <form className="space-y-4" onSubmit={submit} noValidate>
        <p
          role="note"
          className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200"
        >
          {t("warning")}
        </p>
        <KeyPicker value={choice} onChange={setChoice} error={error?.fieldErrors?.keyName} />
        <LoginExpiryFields
          draft={draft}
          onChange={setDraft}
          errors={error?.fieldErrors}
          maxMinutes={BREAK_GLASS_MAX_MINUTES}
          reasonHint={t("reasonHint", { min: BREAK_GLASS_REASON_MIN })}
        />
        {error && (
          <ErrorPanel
            error={{ code: error.code, message: error.message, requestId: error.requestId }}
            requestIdText={(id) => t("requestId", { id })}
          >
            {others.length > 0 && (
              <ul className="list-disc pl-5">
                {others.map(([k, m]) => (
                  <li key={k}>
                    {k}: {m}
                  </li>
                ))}
              </ul>
            )}
          </ErrorPanel>
        )}
        <DialogActions cancelLabel={t("cancel")} onCancel={close} confirmLabel={t("submit")} pending={busy} disabled={!choice} danger />
      </form>
    </Dialog>
  );
}
