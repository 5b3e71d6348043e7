"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { showErrorToast, showSuccessToast } from "@/components/error-toast";
import { invalidInput, UNREACHABLE } from "@/components/form-errors";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Field } from "@/components/ui/field";
import { deleteDestination, replayDestination, setDestinationPaused, testDestination } from "@/lib/actions/destinations";
import { replayDestinationInput } from "@/lib/outbound/schema";
import type { TestResult } from "@/lib/outbound/view";

const fromLocalInput = (v: string) => (v ? new Date(v).toISOString() : undefined);

/** A destination's buttons: Send test (the receiver's answer shown), Pause or Resume, Replay, Delete. */
export function DestinationControls({ id, name, paused, lastSeq }: { id: string; name: string; paused: boolean; lastSeq: number }) {
  const t = useTranslations("settings.destinations");
  const locale = useLocale();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [answer, setAnswer] = useState<TestResult | null>(null);
  const [dialog, setDialog] = useState<"replay" | "delete" | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const sendTest = () =>
    start(async () => {
      const res = await testDestination({ destinationId: id }).catch(() => ({ ok: false as const, error: UNREACHABLE }));
      if (!res.ok) return showErrorToast(t("testFailed"), res.error);
      setAnswer(res.data);
      router.refresh();
    });

  const togglePause = () =>
    start(async () => {
      const res = await setDestinationPaused({ destinationId: id, paused: !paused }).catch(() => ({
        ok: false as const,
        error: UNREACHABLE,
      }));
      if (!res.ok) return showErrorToast(t(paused ? "resumeFailed" : "pauseFailed"), res.error);
      showSuccessToast(t(paused ? "resumed" : "paused", { name }));
      router.refresh();
    });

  const replay = (form: HTMLFormElement) => {
    const f = new FormData(form);
    const seq = String(f.get("fromSeq") ?? "").trim();
    const checked = replayDestinationInput.safeParse({
      destinationId: id,
      fromSeq: seq === "" ? undefined : Number(seq),
      fromTime: fromLocalInput(String(f.get("fromTime") ?? "")),
    });
    if (!checked.success) return setFieldErrors(invalidInput(checked.error, locale).fieldErrors ?? {});
    start(async () => {
      const res = await replayDestination(checked.data).catch(() => ({ ok: false as const, error: UNREACHABLE }));
      if (!res.ok) {
        setFieldErrors(res.error.fieldErrors ?? {});
        return showErrorToast(t("replayFailed"), res.error);
      }
      setFieldErrors({});
      setDialog(null);
      showSuccessToast(t("replayed", { seq: res.data.fromSeq }));
      router.refresh();
    });
  };

  const remove = () =>
    start(async () => {
      const res = await deleteDestination({ destinationId: id }).catch(() => ({ ok: false as const, error: UNREACHABLE }));
      setDialog(null);
      if (!res.ok) return showErrorToast(t("deleteFailed"), res.error);
      showSuccessToast(t("deleted", { name }));
      router.push("/settings/destinations");
      router.refresh();
    });

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-secondary" onClick={sendTest} disabled={pending || undefined} aria-busy={pending || undefined}>
          {t("test")}
        </button>
        <button type="button" className="btn-secondary" onClick={togglePause} disabled={pending || undefined}>
          {t(paused ? "resume" : "pause")}
        </button>
        <button type="button" className="btn-secondary" onClick={() => setDialog("replay")} disabled={pending || undefined}>
          {t("replay")}
        </button>
        <button type="button" className="btn-danger" onClick={() => setDialog("delete")} disabled={pending || undefined}>
          {t("delete")}
        </button>
      </div>
      {answer && (
        <div role="status" className="card max-w-xl p-3 text-sm">
          <p className={answer.ok ? "" : "text-red-700 dark:text-red-300"}>
            {answer.status !== null
              ? t("testAnswer", { status: answer.status, ms: answer.latencyMs })
              : t("testNoAnswer", { error: answer.error ?? "" })}
          </p>
          {answer.answer && (
            <pre aria-label={t("answerBody")} className="mt-1 max-h-32 overflow-auto whitespace-pre-wrap break-all font-mono text-xs">
              {answer.answer}
            </pre>
          )}
        </div>
      )}
      <Dialog title={t("replayTitle")} open={dialog === "replay"} onClose={() => setDialog(null)}>
        <form
          className="grid gap-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            replay(e.currentTarget);
          }}
        >
          <p className="text-sm">{t("replayIntro")}</p>
          <Field label={t("fromSeq")} error={fieldErrors.fromSeq}>
            {(control) => (
              <input
                {...control}
                name="fromSeq"
                type="number"
                inputMode="numeric"
                min={1}
                step={1}
                className="input"
                placeholder={String(Math.max(1, lastSeq))}
              />
            )}
          </Field>
          <Field label={t("fromTime")} error={fieldErrors.fromTime}>
            {(control) => <input {...control} name="fromTime" type="datetime-local" className="input" />}
          </Field>
          <DialogActions cancelLabel={t("cancel")} onCancel={() => setDialog(null)} confirmLabel={t("replayConfirm")} pending={pending} />
        </form>
      </Dialog>
      <Dialog title={t("deleteTitle", { name })} open={dialog === "delete"} onClose={() => setDialog(null)}>
        <p className="mb-4 text-sm">{t("deleteBody")}</p>
        <DialogActions
          cancelLabel={t("cancel")}
          onCancel={() => setDialog(null)}
          confirmLabel={t("deleteConfirm")}
          onConfirm={remove}
          pending={pending}
          danger
        />
      </Dialog>
    </div>
  );
}
