"use client";

import clsx from "clsx";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { DURATION_PRESETS, MAX_LOGIN_MINUTES, MIN_LOGIN_MINUTES, REASON_MAX } from "@/lib/logins/view";
import { closesAtSentence, minutesLabel, useTimeWords } from "./login-time";
import { useLoginPolicy } from "./login-policy";
import { useClockLabel } from "./shared-clock";

// How long a login stays open and why: the fields the open-login, bulk-open and adopt dialogs share.

export interface ExpiryDraft {
  /** The number field's text, as typed. */
  duration: string;
  noExpiry: boolean;
  reason: string;
}

/** What the schemas (lib/logins/schema.ts) take: exactly one of a duration or `noExpiry`, and a reason. */
export interface ExpiryInput {
  durationMinutes?: number;
  noExpiry?: true;
  reason: string;
}

const LAST_DURATION_KEY = "aic-console.login-duration-minutes";
const DEFAULT_MINUTES = 60;

function lastDuration(): number {
  try {
    const n = Number(localStorage.getItem(LAST_DURATION_KEY));
    return Number.isInteger(n) && n >= MIN_LOGIN_MINUTES && n <= MAX_LOGIN_MINUTES ? n : DEFAULT_MINUTES;
  } catch {
    return DEFAULT_MINUTES;
  }
}

/** Called once a login was opened or adopted with this draft: the next dialog starts from its duration. */
export function rememberDuration(input: ExpiryInput) {
  if (input.durationMinutes === undefined) return;
  try {
    localStorage.setItem(LAST_DURATION_KEY, String(input.durationMinutes));
  } catch {
    // Private mode or storage full: the next dialog starts from the default.
  }
}

/**
 * The dialogs render on the client only (after a click), so the last duration can be read at once;
 * a dialog with a shorter limit (`max`) starts within it.
 */
export function useExpiryDraft(max: number = MAX_LOGIN_MINUTES) {
  return useState<ExpiryDraft>(() => ({ duration: String(Math.min(lastDuration(), max)), noExpiry: false, reason: "" }));
}

/** The draft as the schemas take it; a blank or non-numeric duration stays for the schema to refuse. */
export function expiryInput(d: ExpiryDraft): ExpiryInput {
  if (d.noExpiry) return { noExpiry: true, reason: d.reason };
  const text = d.duration.trim();
  return { durationMinutes: text === "" ? undefined : Number(text), reason: d.reason };
}

function ClosesAt({ minutes }: { minutes: number }) {
  const words = useTimeWords();
  const text = useClockLabel(
    (now) => closesAtSentence(words, now + minutes * 60_000, now),
    () => false,
    "",
  );
  return <>{text}</>;
}

/**
 * `Duration in minutes` (the presets fill it), `No expiry` where the deployment allows it, and
 * `Reason`; `errors` are the schema's messages by field (durationMinutes, noExpiry, reason).
 * A request or a break-glass open passes `maxMinutes` (its own limit; no "No expiry" then) and may
 * say what its reason needs in `reasonHint`.
 */
export function LoginExpiryFields({
  draft,
  onChange,
  errors = {},
  maxMinutes,
  reasonHint,
}: {
  draft: ExpiryDraft;
  onChange: (next: ExpiryDraft) => void;
  errors?: Record<string, string>;
  maxMinutes?: number;
  reasonHint?: React.ReactNode;
}) {
  const t = useTranslations("instances.expiry");
  const words = useTimeWords();
  const policy = useLoginPolicy();
  const allowNoExpiry = maxMinutes === undefined && policy.allowNoExpiry;
  const max = Math.min(maxMinutes ?? MAX_LOGIN_MINUTES, MAX_LOGIN_MINUTES);
  const presets = DURATION_PRESETS.filter((p) => p <= max);
  const set = (patch: Partial<ExpiryDraft>) => onChange({ ...draft, ...patch });
  const minutes = Number(draft.duration);
  const valid = Number.isInteger(minutes) && minutes >= MIN_LOGIN_MINUTES && minutes <= max;
  const noExpiry = allowNoExpiry && draft.noExpiry;
  const durationError = errors.durationMinutes ?? errors.noExpiry;
  return (
    <div className="space-y-3">
      <Field
        label={t("duration")}
        error={durationError}
        hint={
          noExpiry ? (
            t("staysOpen")
          ) : valid ? (
            <ClosesAt minutes={minutes} />
          ) : max === MAX_LOGIN_MINUTES ? (
            t("range", { min: MIN_LOGIN_MINUTES, max: MAX_LOGIN_MINUTES })
          ) : (
            t("rangeMinutes", { min: MIN_LOGIN_MINUTES, max })
          )
        }
      >
        {(control) => (
          <>
            <div className="flex flex-wrap items-center gap-2">
              <input
                {...control}
                type="number"
                inputMode="numeric"
                min={MIN_LOGIN_MINUTES}
                max={max}
                step={1}
                className="input w-28"
                value={draft.duration}
                disabled={noExpiry}
                onChange={(e) => set({ duration: e.target.value })}
              />
              <div role="group" aria-label={t("presets")} className="flex gap-1">
                {presets.map((p) => (
                  <button
                    key={p}
                    type="button"
                    className={clsx("btn-secondary px-2 py-1 text-xs", !noExpiry && minutes === p && "border-sky-600 dark:border-sky-400")}
                    aria-pressed={!noExpiry && minutes === p}
                    disabled={noExpiry}
                    onClick={() => set({ duration: String(p) })}
                  >
                    {minutesLabel(words, p)}
                  </button>
                ))}
              </div>
            </div>
            {allowNoExpiry && (
              <label className="flex items-center gap-2">
                <input type="checkbox" checked={draft.noExpiry} onChange={(e) => set({ noExpiry: e.target.checked })} />
                {t("noExpiry")}
              </label>
            )}
          </>
        )}
      </Field>
      <Field label={t("reason")} error={errors.reason} hint={reasonHint}>
        {(control) => (
          <input
            {...control}
            type="text"
            className="input"
            value={draft.reason}
            maxLength={REASON_MAX}
            placeholder={t("reasonPlaceholder")}
            autoComplete="off"
            onChange={(e) => set({ reason: e.target.value })}
          />
        )}
      </Field>
    </div>
  );
}
