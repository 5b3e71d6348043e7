"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { createAccessRequest } from "@/lib/actions/requests";
import type { ActionError } from "@/lib/actions/result";
import type { Selection } from "@/lib/jobs/schema";
import { loginRequestInput } from "@/lib/requests/schema";
import { safeParseIn } from "@/lib/validation/localize";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { ErrorPanel } from "@/components/ui/error-panel";
import { invalidInput, UNREACHABLE } from "@/components/form-errors";
import { KeyPicker, parseChoice, useDefaultKeyChoice, useDescribeChoice } from "./key-picker";
import { LoginExpiryFields, expiryInput, rememberDuration, useExpiryDraft } from "./login-expiry-fields";
import { useAccessPolicy } from "./login-policy";
import { showRequestSent } from "./request-sent";
import { selectionCount, singleInstance } from "./request-selection";

// Shown beside their fields; any other field error is listed in the alert.
const FIELD_KEYS = ["keyName", "durationMinutes", "reason"];

/**
 * Asks approvers for a login: on one instance (a row, the instance page) or on a bulk selection
 * (ids, or "all N matching" a filter, resolved again by the server). Which key or key group, how
 * long and why; nothing is opened until the request is approved. With `onBreakGlass`, one
 * instance may instead be opened at once (Break glass…).
 */
export function RequestLoginDialog({
  selection,
  onClose,
  onBreakGlass,
}: {
  selection: Selection;
  onClose: () => void;
  onBreakGlass?: () => void;
}) {
  const t = useTranslations("instances.requestDialog");
  const locale = useLocale();
  const router = useRouter();
  const describeChoice = useDescribeChoice();
  const { requestMaxMinutes } = useAccessPolicy();
  // The user's own personal key, when they have one.
  const defaultChoice = useDefaultKeyChoice();
  const [choice, setChoice] = useState(defaultChoice);
  const [draft, setDraft] = useExpiryDraft(requestMaxMinutes);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ActionError | null>(null);
  // Dialog re-runs its focus effect when onClose changes: hand it one stable callback.
  const busyRef = useRef(false);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);
  const close = useCallback(() => {
    if (!busyRef.current) onCloseRef.current();
  }, []);

  const n = selectionCount(selection);
  const one = singleInstance(selection);
  const key = parseChoice(choice);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (busyRef.current || !choice) return;
    setError(null);
    const expiry = expiryInput(draft);
    // The action's own schema: what it would refuse is said here, beside the field.
    const parsed = safeParseIn(
      loginRequestInput,
      { kind: "login", selection, ...key, durationMinutes: expiry.durationMinutes, reason: expiry.reason },
      locale,
    );
    if (!parsed.success) return setError(invalidInput(parsed.error, locale));
    if (parsed.data.durationMinutes > requestMaxMinutes) {
      return setError({
        code: "Console.InvalidInput",
        message: t("checkBelow"),
        fieldErrors: { durationMinutes: t("overPolicy", { max: requestMaxMinutes }) },
      });
    }
    busyRef.current = true;
    setBusy(true);
    const res = await createAccessRequest(parsed.data).catch(() => ({ ok: false as const, error: UNREACHABLE }));
    busyRef.current = false;
    setBusy(false);
    if (!res.ok) return setError(res.error);
    rememberDuration(expiry);
    showRequestSent(t("sent"), t("viewRequest"), res.data.requestId);
    router.refresh();
    onCloseRef.current();
  };

  const strong = (c: React.ReactNode) => <strong>{c}</strong>;
  const what = one ? (
    <span className="font-mono">{one}</span>
  ) : "filter" in selection ? (
    t.rich("whatFilter", { count: n, strong })
  ) : (
    t.rich("whatIds", { count: n, strong })
  );
  const others = Object.entries(error?.fieldErrors ?? {}).filter(([k]) => !FIELD_KEYS.includes(k));

  return (
    <Dialog title={one ? t("titleOne", { id: one }) : t("title", { count: n })} open onClose={close} wide={!one}>
      <form className="space-y-4" onSubmit={submit} noValidate>
        <KeyPicker value={choice} onChange={setChoice} error={error?.fieldErrors?.keyName} forRequest />
        <LoginExpiryFields draft={draft} onChange={setDraft} errors={error?.fieldErrors} maxMinutes={requestMaxMinutes} />
        <p className="text-sm text-slate-600 dark:text-slate-300">
          {t.rich("sentence", { what: () => what, strong, key: choice ? describeChoice(key) : t("chosenKey") })}
        </p>
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
        <div className="flex flex-wrap items-center gap-2">
          {one && onBreakGlass && (
            <button type="button" className="btn-secondary text-red-700 dark:text-red-300" onClick={onBreakGlass} disabled={busy}>
              {t("breakGlass")}
            </button>
          )}
          <DialogActions
            className="ml-auto"
            cancelLabel={t("cancel")}
            onCancel={close}
            confirmLabel={one ? t("submitOne") : t("submit", { count: n })}
            pending={busy}
            disabled={!choice}
          />
        </div>
      </form>
    </Dialog>
  );
}
