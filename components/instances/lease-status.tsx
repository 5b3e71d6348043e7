"use client";

import clsx from "clsx";
import type { LoginState } from "@/lib/instances/types";
import type { LoginLeaseView } from "@/lib/logins/types";
import { exactTime, leaseLabel, leaseNeedsSeconds, leaseServerLabel, openedBySentence } from "./login-time";
import { SLOW_TICK_MS, useClockLabel } from "./shared-clock";

/** The countdown of a held login: "closes in 42 min", "no expiry", "closing…", "expiry failed: still open". */
export function useLeaseLabel(lease: LoginLeaseView): string {
  return useClockLabel(
    (now) => leaseLabel(lease, now),
    (now) => leaseNeedsSeconds(lease, now, SLOW_TICK_MS),
    leaseServerLabel(lease),
  );
}

/** The exact time and who opened it and why: the hover text, also read to screen readers. */
export function leaseDetails(lease: LoginLeaseView): string {
  const when = lease.expiresAt ? `Closes at ${exactTime(lease.expiresAt)}` : "No expiry";
  return `${when}; ${openedBySentence(lease)}`;
}

const TONE = {
  failed: "rounded bg-amber-100 px-1 font-medium text-amber-900 dark:bg-amber-900/50 dark:text-amber-200",
  closing: "italic text-slate-500 dark:text-slate-400",
  normal: "text-slate-600 dark:text-slate-400",
};

export function LeaseCountdown({ lease, className }: { lease: LoginLeaseView; className?: string }) {
  const label = useLeaseLabel(lease);
  const tone = lease.state === "failed" ? TONE.failed : label === "closing…" ? TONE.closing : TONE.normal;
  const details = leaseDetails(lease);
  return (
    <span className={clsx("whitespace-nowrap", tone, className)} title={details} data-lease-countdown="">
      {label}
      <span className="sr-only">. {details}</span>
    </span>
  );
}

export function OutsideBadge({ className }: { className?: string }) {
  return (
    <span
      className={clsx(
        "whitespace-nowrap rounded bg-amber-100 px-1 font-medium text-amber-900 dark:bg-amber-900/50 dark:text-amber-200",
        className,
      )}
      title="Login is open on ENS, but no console operation opened it: adopt it (a reason and an expiry) or close it."
    >
      opened outside the console
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
