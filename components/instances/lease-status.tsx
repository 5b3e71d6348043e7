"use client";

import clsx from "clsx";
import { useTranslations } from "next-intl";
import type { LoginState } from "@/lib/instances/view";
import type { LoginLeaseView } from "@/lib/logins/view";
import { exactTime, leaseLabel, leaseNeedsSeconds, leaseServerLabel, openedBySentence, useTimeWords, type TimeWords } from "./login-time";
import { SLOW_TICK_MS, useClockLabel } from "./shared-clock";

/** The countdown of a held login: "closes in 42 min", "no expiry", "closing…", "expiry failed: still open". */
export function useLeaseLabel(lease: LoginLeaseView, words: TimeWords): string {
  return useClockLabel(
    (now) => leaseLabel(words, lease, now),
    (now) => leaseNeedsSeconds(lease, now, SLOW_TICK_MS),
    leaseServerLabel(words, lease),
  );
}

const TONE = {
  failed: "rounded bg-amber-100 px-1 font-medium text-amber-900 dark:bg-amber-900/50 dark:text-amber-200",
  closing: "italic text-slate-500 dark:text-slate-400",
  normal: "text-slate-600 dark:text-slate-400",
};

export function LeaseCountdown({ lease, className }: { lease: LoginLeaseView; className?: string }) {
  const t = useTranslations("instances.lease");
  const words = useTimeWords();
  const label = useLeaseLabel(lease, words);
  const tone = lease.state === "failed" ? TONE.failed : label === words.t("closing") ? TONE.closing : TONE.normal;
  // The exact time and who opened it and why: the hover text, also read to screen readers.
  const details = t("details", {
    when: lease.expiresAt ? t("closesAt", { time: exactTime(words, lease.expiresAt) }) : t("noExpiry"),
    opened: openedBySentence(words, lease),
  });
  return (
    <span className={clsx("whitespace-nowrap", tone, className)} title={details} data-lease-countdown="">
      {label}
      <span className="sr-only">{t("srDetails", { details })}</span>
    </span>
  );
}

export function OutsideBadge({ className }: { className?: string }) {
  const t = useTranslations("instances.outside");
  return (
    <span
      className={clsx(
        "whitespace-nowrap rounded bg-amber-100 px-1 font-medium text-amber-900 dark:bg-amber-900/50 dark:text-amber-200",
        className,
      )}
      title={t("title")}
    >
      {t("badge")}
    </span>
  );
}

/** The row's line under the switch: the countdown, or the badge for a login opened outside the console. */
export function LeaseStatus({ login }: { login: LoginState }) {
  if (!login.open) return null;
  if (login.outside) return <OutsideBadge className="truncate text-[11px]" />;
  if (!login.lease) return null;
  return <LeaseCountdown lease={login.lease} className="truncate text-[11px]" />;
}
