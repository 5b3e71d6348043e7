"use client";

import { useIsMutating } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import type { LoginState } from "@/lib/instances/view";
import type { LoginLeaseView } from "@/lib/logins/view";
import { LocalTime } from "@/components/operations/local-time";
import { LeaseCountdown, OutsideBadge } from "./lease-status";
import type { LeaseAction } from "./row-actions";
import { useLoginMutation } from "./use-login-mutation";

const ExtendLoginDialog = dynamic(() => import("./extend-login-dialog").then((m) => m.ExtendLoginDialog), { ssr: false });
const AdoptLoginDialog = dynamic(() => import("./adopt-login-dialog").then((m) => m.AdoptLoginDialog), { ssr: false });

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex gap-2">
      <dt className="w-24 shrink-0 text-xs uppercase text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-sm">{children}</dd>
    </div>
  );
}

function LeaseState({ lease }: { lease: LoginLeaseView }) {
  const t = useTranslations("instances.leaseDetails");
  if (lease.state === "failed")
    return (
      <span className="rounded bg-amber-100 px-1 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200">
        {lease.lastError ? t("stateFailedError", { error: lease.lastError }) : t("stateFailed")}
      </span>
    );
  if (lease.state === "closing") return <>{t("stateClosing")}</>;
  if (lease.lastError) return <>{t("stateRetrying", { error: lease.lastError })}</>;
  return <>{t("stateOpen")}</>;
}

function LeaseDetails({ lease }: { lease: LoginLeaseView }) {
  const t = useTranslations("instances.leaseDetails");
  return (
    <dl className="space-y-1" aria-label={t("label")}>
      <Row label={t("closes")}>
        {lease.expiresAt ? (
          <>
            <LeaseCountdown lease={lease} /> · <LocalTime iso={lease.expiresAt} />
          </>
        ) : (
          t("noExpiry")
        )}
      </Row>
      <Row label={t("openedBy")}>{lease.openedBy ?? "—"}</Row>
      <Row label={t("reason")}>{lease.reason || "—"}</Row>
      <Row label={t("openedAt")}>
        <LocalTime iso={lease.openedAt} />
        {lease.adopted && t("adopted")}
      </Row>
      {lease.auditOperationId && (
        <Row label={t("history")}>
          <Link href={`/history/${encodeURIComponent(lease.auditOperationId)}`} className="text-sky-700 underline dark:text-sky-400">
            {lease.adopted ? t("historyAdopt") : t("historyOpen")}
          </Link>
        </Row>
      )}
      <Row label={t("state")}>
        <LeaseState lease={lease} />
      </Row>
    </dl>
  );
}

/**
 * The instance page's view of an open login beyond ENS's state: when it closes, who opened it and
 * why, with Extend login and Close login now; or, opened outside the console, Adopt login.
 */
export function InstanceLease({
  instanceId,
  login,
  canToggle,
  deniedReason,
  onSettled,
}: {
  instanceId: string;
  login: LoginState;
  canToggle: boolean;
  deniedReason: string;
  onSettled: () => void;
}) {
  const t = useTranslations("instances.leaseDetails");
  const [dialog, setDialog] = useState<LeaseAction | null>(null);
  const closeDialog = useCallback(() => setDialog(null), []);
  const close = useLoginMutation(instanceId, onSettled);
  const changing = useIsMutating({ mutationKey: ["login", instanceId] }) > 0;
  if (!login.open) return null;
  const lease = login.outside ? null : (login.lease ?? null);
  const button = (label: string, run: () => void, primary = false) => (
    <button
      type="button"
      className={primary ? "btn-primary" : "btn-secondary"}
      disabled={!canToggle || changing}
      title={canToggle ? undefined : deniedReason}
      onClick={run}
    >
      {label}
    </button>
  );
  return (
    <div className="space-y-3">
      {login.outside && (
        <p className="text-sm">
          <OutsideBadge /> <span className="text-slate-600 dark:text-slate-400">{t("outsideExplain")}</span>
        </p>
      )}
      {lease && <LeaseDetails lease={lease} />}
      {!lease && !login.outside && <p className="text-sm text-slate-500">{t("noLease")}</p>}
      <div role="group" aria-label={t("actions")} className="flex flex-wrap gap-2">
        {login.outside && button(t("adopt"), () => setDialog("adopt"), true)}
        {lease && button(t("extend"), () => setDialog("extend"), true)}
        {button(t("closeNow"), () => close.mutate({ action: "close" }))}
      </div>
      {dialog === "extend" && <ExtendLoginDialog instanceId={instanceId} lease={lease} onClose={closeDialog} onSettled={onSettled} />}
      {dialog === "adopt" && <AdoptLoginDialog instanceId={instanceId} onClose={closeDialog} onSettled={onSettled} />}
    </div>
  );
}
