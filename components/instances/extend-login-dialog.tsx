"use client";

import clsx from "clsx";
import { useLocale, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { extendLoginInput } from "@/lib/logins/schema";
import { DURATION_PRESETS, MAX_LOGIN_MINUTES } from "@/lib/logins/view";
import type { LoginLeaseView } from "@/lib/logins/view";
import { safeParseIn } from "@/lib/validation/localize";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Field } from "@/components/ui/field";
import { invalidInput } from "@/components/form-errors";
import { LeaseCountdown } from "./lease-status";
import { closesAtSentence, minutesLabel, useTimeWords } from "./login-time";
import { useClockLabel } from "./shared-clock";
import { useExtendLogin, type ExtendBy } from "./use-lease-mutations";

type Choice = { by: number } | { to: string };

/** `YYYY-MM-DDTHH:MM` in the viewer's time zone, as a datetime-local input takes it. */
function localInputValue(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** When the login would close: presets count from its current expiry (or from now, once that has passed). */
function targetOf(choice: Choice, lease: LoginLeaseView | null, now: number): number {
  if ("to" in choice) return choice.to ? new Date(choice.to).getTime() : NaN;
  const current = lease?.expiresAt ? Date.parse(lease.expiresAt) : now;
  return Math.max(now, current) + choice.by * 60_000;
}

/** What is wrong with the target, as a message key of the dialog; null when it is in range. */
function outOfRange(target: number, now: number): "pickDateTime" | "pickFuture" | "atMost24h" | null {
  if (Number.isNaN(target)) return "pickDateTime";
  if (target <= now) return "pickFuture";
  if (target > now + MAX_LOGIN_MINUTES * 60_000) return "atMost24h";
  return null;
}

/** Moves a held login's expiry: by a preset or to a time, at most 24 hours from now. */
export function ExtendLoginDialog({
  instanceId,
  lease,
  onClose,
  onSettled,
}: {
  instanceId: string;
  lease: LoginLeaseView | null;
  onClose: () => void;
  onSettled?: () => void;
}) {
  const t = useTranslations("instances.extendDialog");
  const locale = useLocale();
  const words = useTimeWords();
  const id = useId();
  const mutation = useExtendLogin(instanceId, onSettled);
  const [choice, setChoice] = useState<Choice>({ by: 60 });
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The picker's bounds, from when the dialog opened (the submit checks against the time then).
  const [openedAt] = useState(() => Date.now());
  const busy = mutation.isPending;
  const close = () => {
    if (!busy) onClose();
  };
  const preview = useClockLabel(
    (now) => {
      const target = targetOf(choice, lease, now);
      const range = outOfRange(target, now);
      return range ? t(range) : closesAtSentence(words, target, now);
    },
    () => false,
    "",
  );

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const now = Date.now();
    const target = targetOf(choice, lease, now);
    const range = outOfRange(target, now);
    if (range) return setErrors({ [("to" in choice ? "until" : "byMinutes") as string]: t(range) });
    const by: ExtendBy = "to" in choice ? { until: new Date(target).toISOString() } : { byMinutes: choice.by };
    const parsed = safeParseIn(extendLoginInput, { instanceId, ...by }, locale);
    if (!parsed.success) return setErrors(invalidInput(parsed.error, locale).fieldErrors ?? {});
    setErrors({});
    mutation.mutate(by, { onSuccess: onClose });
  };
  const byError = errors.byMinutes;
  const toError = errors.until;

  return (
    <Dialog title={t("title", { id: instanceId })} open onClose={close}>
      <form className="space-y-4" onSubmit={submit} noValidate>
        {lease && <p className="text-sm">{t.rich("now", { countdown: () => <LeaseCountdown lease={lease} /> })}</p>}
        <div className="flex flex-col gap-1 text-sm">
          <span id={`${id}-by`}>{t("by")}</span>
          <div role="group" aria-labelledby={`${id}-by`} className="flex flex-wrap gap-1">
            {DURATION_PRESETS.map((p) => {
              const pressed = "by" in choice && choice.by === p;
              return (
                <button
                  key={p}
                  type="button"
                  className={clsx("btn-secondary px-2 py-1 text-xs", pressed && "border-sky-600 dark:border-sky-400")}
                  aria-pressed={pressed}
                  onClick={() => setChoice({ by: p })}
                >
                  +{minutesLabel(words, p)}
                </button>
              );
            })}
          </div>
          {byError && <span className="text-xs text-red-700 dark:text-red-300">{byError}</span>}
        </div>
        <Field label={t("to")} error={toError} describedBy={`${id}-preview`}>
          {(control) => (
            <input
              {...control}
              type="datetime-local"
              className="input w-60"
              value={"to" in choice ? choice.to : ""}
              min={localInputValue(openedAt)}
              max={localInputValue(openedAt + MAX_LOGIN_MINUTES * 60_000)}
              onChange={(e) => setChoice({ to: e.target.value })}
            />
          )}
        </Field>
        <p id={`${id}-preview`} className="text-sm text-slate-600 dark:text-slate-300">
          {preview}
        </p>
        <DialogActions cancelLabel={t("cancel")} onCancel={close} confirmLabel={t("submit")} pending={busy} />
      </form>
    </Dialog>
  );
}
