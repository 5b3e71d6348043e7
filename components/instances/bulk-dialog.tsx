"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { startLoginOperation, startPowerOperation } from "@/lib/actions/operations";
import type { ActionError, ActionResult } from "@/lib/actions/result";
import { resetConfirmation, startLoginJobInput, startPowerJobInput, type Selection } from "@/lib/jobs/schema";
import type { StartedJob } from "@/lib/jobs/types";
import { localizeMessage, safeParseIn } from "@/lib/validation/localize";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field } from "@/components/ui/field";
import { invalidInput, UNREACHABLE } from "@/components/form-errors";
import { parseStopFailures } from "@/components/schedules/zone-time";
import { KeyPicker, parseChoice, useDefaultKeyChoice, useDescribeChoice } from "./key-picker";
import { LoginExpiryFields, expiryInput, rememberDuration, useExpiryDraft } from "./login-expiry-fields";

export type BulkAction = "open" | "close" | "reboot" | "reset";

const unreachable: ActionResult<never> = { ok: false, error: UNREACHABLE };
// Shown beside their fields; any other field error is listed in the alert.
const FIELD_KEYS = [
  "keyName",
  "confirm",
  "durationMinutes",
  "noExpiry",
  "reason",
  "stopFailures",
  "stopFailuresCount",
  "stopFailuresPercent",
];

const countOf = (s: Selection) => ("ids" in s ? s.ids.length : s.expected);

/**
 * Confirms a bulk action and submits it as one operation; the server runs it as a job and the
 * browser follows it on the operation's page.
 */
export function BulkDialog({ selection, action, onClose }: { selection: Selection; action: BulkAction; onClose: () => void }) {
  const t = useTranslations("instances.bulkDialog");
  const locale = useLocale();
  const describeChoice = useDescribeChoice();
  const router = useRouter();
  // The user's own personal key, when they have one.
  const defaultChoice = useDefaultKeyChoice();
  const [choice, setChoice] = useState(defaultChoice);
  const [typed, setTyped] = useState("");
  // "Stop when failures exceed": `5` or `10%`; empty never stops (lib/jobs/job-rate.ts).
  const [stopText, setStopText] = useState("");
  const [draft, setDraft] = useExpiryDraft();
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

  const n = countOf(selection);
  const one = "ids" in selection && selection.ids.length === 1 ? selection.ids[0] : null;
  const key = parseChoice(choice);
  const confirmText = resetConfirmation(selection);
  const ready = action === "open" ? !!choice : action === "reset" ? typed.trim() === confirmText : true;

  const submit = async () => {
    setError(null);
    const stop = n > 1 ? parseStopFailures(stopText) : {};
    if (!stop)
      return setError({
        code: "Console.InvalidInput",
        message: localizeMessage("Check the values below.", locale),
        fieldErrors: { stopFailures: t("stopFailuresInvalid") },
      });
    let res: ActionResult<StartedJob>;
    if (action === "open" || action === "close") {
      const parsed = safeParseIn(
        startLoginJobInput,
        { action, selection, ...stop, ...(action === "open" ? { ...key, ...expiryInput(draft) } : {}) },
        locale,
      );
      if (!parsed.success) return setError(invalidInput(parsed.error, locale));
      busyRef.current = true;
      setBusy(true);
      res = await startLoginOperation(parsed.data).catch(() => unreachable);
    } else {
      const parsed = safeParseIn(
        startPowerJobInput,
        { action, selection, ...stop, ...(action === "reset" ? { confirm: typed.trim() } : {}) },
        locale,
      );
      if (!parsed.success) return setError(invalidInput(parsed.error, locale));
      busyRef.current = true;
      setBusy(true);
      res = await startPowerOperation(parsed.data).catch(() => unreachable);
    }
    if (res.ok) {
      if (action === "open") rememberDuration(expiryInput(draft));
      return router.push(`/operations/${res.data.operationId}`);
    }
    busyRef.current = false;
    setBusy(false);
    setError(res.error);
  };

  const strong = (c: React.ReactNode) => <strong>{c}</strong>;
  const what = one ? (
    <span className="font-mono">{one}</span>
  ) : "filter" in selection ? (
    t.rich("whatFilter", { count: n, strong })
  ) : (
    t.rich("whatIds", { count: n, strong })
  );
  // The sentence places the instances (`what`, built above) where its language puts them.
  const sentence = { what: () => what, strong };
  const others = Object.entries(error?.fieldErrors ?? {}).filter(([k]) => !FIELD_KEYS.includes(k));
  const fe = error?.fieldErrors;
  const stopError = fe?.stopFailures ?? fe?.stopFailuresCount ?? fe?.stopFailuresPercent;

  return (
    <Dialog title={t(`title.${action}`, { count: n })} open onClose={close} wide>
      <div className="space-y-4">
        {action === "open" && <KeyPicker value={choice} onChange={setChoice} error={error?.fieldErrors?.keyName} />}
        {action === "open" && <LoginExpiryFields draft={draft} onChange={setDraft} errors={error?.fieldErrors} />}
        <p className="text-sm">
          {action === "open"
            ? t.rich("sentence.open", { ...sentence, key: choice ? describeChoice(key) : t("chosenKey") })
            : t.rich(`sentence.${action}`, sentence)}
        </p>
        {action === "reset" && (
          <>
            <p className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200">
              {t("resetWarning")}
            </p>
            <Field
              label={t.rich("typeToConfirm", { text: confirmText, mono: (c) => <span className="font-mono font-semibold">{c}</span> })}
              error={error?.fieldErrors?.confirm}
            >
              {(control) => (
                <input
                  {...control}
                  className="input font-mono"
                  value={typed}
                  onChange={(e) => setTyped(e.target.value)}
                  autoComplete="off"
                  spellCheck={false}
                  autoFocus
                />
              )}
            </Field>
          </>
        )}
        {n > 1 && (
          <Field label={t("stopFailures")} hint={t("stopFailuresHint")} error={stopError}>
            {(control) => (
              <input
                {...control}
                name="stopFailures"
                className="input w-40"
                placeholder="10%"
                autoComplete="off"
                value={stopText}
                onChange={(e) => setStopText(e.target.value)}
              />
            )}
          </Field>
        )}
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
        <DialogActions
          cancelLabel={t("cancel")}
          onCancel={close}
          confirmLabel={t(`confirm.${action}`, { count: n })}
          onConfirm={submit}
          pending={busy}
          disabled={!ready}
          danger={action === "reset"}
        />
      </div>
    </Dialog>
  );
}
