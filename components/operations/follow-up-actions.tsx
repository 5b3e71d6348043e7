"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { UNREACHABLE, invalidInput } from "@/components/form-errors";
import { showSuccessToast, useErrorText } from "@/components/error-toast";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field } from "@/components/ui/field";
import { retryFailedItems, revertOperation } from "@/lib/actions/operations";
import type { ActionError, ActionResult } from "@/lib/actions/result";
import { revertJobInput } from "@/lib/jobs/schema";
import type { StartedJob } from "@/lib/jobs/types";
import { safeParseIn } from "@/lib/validation/localize";
import { canRetry, canRevert, type Op } from "./follow-up-rules";

const unreachable: ActionResult<never> = { ok: false, error: UNREACHABLE };

/**
 * `Retry failed` and `Revert` on a finished operation's page (issue 31): each asks first, then
 * starts a new operation linked to this one and goes to its page.
 */
export function FollowUpActions({ op }: { op: Op }) {
  const t = useTranslations("operations.followUp");
  const [open, setOpen] = useState<"retry" | "revert" | null>(null);
  const retry = canRetry(op);
  const revert = canRevert(op);
  if (!retry && !revert) return null;
  return (
    <>
      {retry && (
        <button type="button" className="btn-secondary" onClick={() => setOpen("retry")}>
          {t("retry.button")}
        </button>
      )}
      {revert && (
        <button type="button" className="btn-secondary" onClick={() => setOpen("revert")}>
          {t("revert.button")}
        </button>
      )}
      {open === "retry" && <RetryDialog op={op} onClose={() => setOpen(null)} />}
      {open === "revert" && <RevertDialog op={op} onClose={() => setOpen(null)} />}
    </>
  );
}

/** Runs a follow-up action: on success a toast and the new operation's page; a failure stays in the dialog. */
function useStart(doneTitle: string) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ActionError | null>(null);
  const start = async (call: () => Promise<ActionResult<StartedJob>>) => {
    setError(null);
    setPending(true);
    const res = await call().catch(() => unreachable);
    if (res.ok) {
      showSuccessToast(doneTitle);
      router.push(`/operations/${res.data.operationId}`);
      return;
    }
    setPending(false);
    setError(res.error);
  };
  return { pending, error, setError, start };
}

function RetryDialog({ op, onClose }: { op: Op; onClose: () => void }) {
  const t = useTranslations("operations.followUp");
  const errorText = useErrorText();
  const { pending, error, start } = useStart(t("retry.done"));
  const count = op.counts.failed;
  const close = () => !pending && onClose();
  return (
    <Dialog title={t("retry.title")} open onClose={close}>
      <div className="space-y-4">
        <p className="text-sm">{t("retry.body", { count })}</p>
        {error && <ErrorPanel error={{ ...error, message: errorText(error) }} />}
        <DialogActions
          cancelLabel={t("cancel")}
          onCancel={close}
          confirmLabel={t("retry.confirm", { count })}
          onConfirm={() => start(() => retryFailedItems({ operationId: op.id }))}
          pending={pending}
          autoFocus
        />
      </div>
    </Dialog>
  );
}

// Reopening needs both; the action's schema has them optional (a revert of an open takes neither).
const reopenInput = revertJobInput.required({ durationMinutes: true, reason: true });

function RevertDialog({ op, onClose }: { op: Op; onClose: () => void }) {
  const t = useTranslations("operations.followUp");
  const locale = useLocale();
  const errorText = useErrorText();
  const { pending, error, setError, start } = useStart(t("revert.done"));
  const [duration, setDuration] = useState("60");
  const [reason, setReason] = useState("");
  const reopens = op.kind === "login.close";
  const close = () => !pending && onClose();
  const fields = error?.fieldErrors ?? {};
  const others = error && !fields.durationMinutes && !fields.reason ? error : null;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!reopens) return start(() => revertOperation({ operationId: op.id }));
    const d = duration.trim();
    const parsed = safeParseIn(reopenInput, { operationId: op.id, durationMinutes: d === "" ? undefined : Number(d), reason }, locale);
    if (!parsed.success) return setError(invalidInput(parsed.error, locale));
    return start(() => revertOperation(parsed.data));
  };

  return (
    <Dialog title={t(reopens ? "revert.titleClose" : "revert.titleOpen")} open onClose={close}>
      <form className="space-y-4" onSubmit={submit} noValidate>
        <p className="text-sm">{t(reopens ? "revert.bodyClose" : "revert.bodyOpen")}</p>
        {reopens && (
          <>
            <Field label={t("revert.duration")} error={fields.durationMinutes}>
              {(c) => (
                <input
                  {...c}
                  name="durationMinutes"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  className="input"
                  value={duration}
                  onChange={(e) => setDuration(e.target.value)}
                />
              )}
            </Field>
            <Field label={t("revert.reason")} hint={t("revert.reasonHint")} error={fields.reason}>
              {(c) => (
                <input
                  {...c}
                  name="reason"
                  className="input"
                  autoComplete="off"
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  autoFocus
                />
              )}
            </Field>
          </>
        )}
        {others && <ErrorPanel error={{ ...others, message: errorText(others) }} />}
        <DialogActions
          cancelLabel={t("cancel")}
          onCancel={close}
          confirmLabel={t(reopens ? "revert.confirmClose" : "revert.confirmOpen")}
          pending={pending}
          danger={!reopens}
        />
      </form>
    </Dialog>
  );
}
