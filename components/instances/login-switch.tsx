"use client";

import { useIsMutating, useMutationState } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import clsx from "clsx";
import type { LoginState } from "@/lib/instances/view";
import dynamic from "next/dynamic";
import { LeaseStatus } from "./lease-status";
import { useLoginAccessText } from "./login-access";
import { useAccessPolicy } from "./login-policy";
import type { OpenLoginChoice } from "./open-login-dialog";
import { loginControls } from "./request-selection";
import { useLoginMutation } from "./use-login-mutation";

// The key dialog is loaded on first use, so a list of 10,000 switches does not ship it up front.
const OpenLoginDialog = dynamic(() => import("./open-login-dialog").then((m) => m.OpenLoginDialog), { ssr: false });
// So are the request and break-glass dialogs (access on request).
const RequestLoginDialog = dynamic(() => import("./request-login-dialog").then((m) => m.RequestLoginDialog), { ssr: false });
const BreakGlassDialog = dynamic(() => import("./break-glass-dialog").then((m) => m.BreakGlassDialog), { ssr: false });

/**
 * The login toggle: a switch named "Login for <id>". Opening asks which key, for how long and why;
 * closing acts at once. Under it, when the login closes (or that it was opened outside the console).
 * While a change is in flight the switch is marked disabled (aria-disabled) and ignores clicks,
 * so a double click sends one call; it stays focusable, so a keyboard user keeps their place.
 * Where the access policy has this user ask for logins, opening is `Request login` beside the
 * switch (closing stays the switch's), and, where break-glass is allowed, `Break glass…` opens at
 * once (in the request dialog; on the instance page, `prominent`, also beside it).
 */
export function LoginSwitch({
  instanceId,
  login: read,
  canToggle,
  deniedReason,
  onSettled,
  showLease = true,
  prominent = false,
}: {
  instanceId: string;
  login: LoginState;
  canToggle: boolean;
  deniedReason: string;
  onSettled?: () => void;
  /** The instance page shows the lease in its own section. */
  showLease?: boolean;
  /** The instance page: the request and break-glass buttons at full size. */
  prominent?: boolean;
}) {
  const t = useTranslations("instances.switch");
  const tr = useTranslations("instances.requestLogin");
  const mutation = useLoginMutation(instanceId, onSettled);
  const policy = useAccessPolicy();
  const accessText = useLoginAccessText();
  const [asking, setAsking] = useState(false);
  const [dialog, setDialog] = useState<"request" | "breakGlass" | null>(null);
  // A change sent from elsewhere (the row's menu, the page's Close button) marks the switch busy too.
  const elsewhere = useIsMutating({ mutationKey: ["login", instanceId] }) > 0;
  const pending = mutation.isPending || elsewhere;
  // While a change is on its way, the switch shows it, whatever a refetch in between read: the
  // list is read again whenever anyone changes anything, and ENS has not answered this one yet.
  const inFlight = useMutationState({
    filters: { mutationKey: ["login", instanceId], status: "pending" },
    select: (m) => m.state.variables as { action?: string; keyName?: string } | undefined,
  }).at(-1);
  const login =
    inFlight?.action === "open"
      ? { ...read, open: true, keys: read.open ? read.keys : inFlight.keyName ? [inFlight.keyName] : [] }
      : inFlight?.action === "close"
        ? { ...read, open: false, keys: [], lease: null }
        : read;
  const controls = loginControls(policy.loginMode, canToggle, login.open);
  // Who can log in: the owner of the personal key, or the shared key or key group.
  const holders = login.open ? accessText(login) : "";
  const disabled = !controls.switchEnabled || pending;
  const why = controls.opensByRequest ? tr("opensByRequest") : deniedReason;
  // Set synchronously: a second click can arrive before React re-renders the switch as disabled.
  const busy = useRef(false);
  const send = (change: Parameters<typeof mutation.mutate>[0]) => {
    busy.current = true;
    mutation.mutate(change, { onSettled: () => void (busy.current = false) });
  };

  const toggle = () => {
    if (disabled || busy.current) return;
    if (login.open) send({ action: "close" });
    else setAsking(true);
  };
  const confirmOpen = (c: OpenLoginChoice) => {
    setAsking(false);
    if (!busy.current) send({ action: "open", ...c });
  };

  return (
    <div className="flex min-w-0 flex-col justify-center gap-0.5">
      <div className="flex items-center gap-2">
        <button
          type="button"
          role="switch"
          aria-checked={login.open}
          aria-label={t("label", { id: instanceId })}
          aria-busy={pending || undefined}
          aria-disabled={disabled || undefined}
          disabled={!controls.switchEnabled}
          title={!controls.switchEnabled ? why : pending ? t("changing") : undefined}
          onClick={toggle}
          className={clsx(
            "relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500",
            login.open ? "bg-emerald-600" : "bg-slate-300 dark:bg-slate-600",
            disabled && "cursor-not-allowed opacity-60",
            pending && "animate-pulse",
          )}
        >
          <span
            className={clsx(
              "inline-block h-4 w-4 rounded-full bg-white shadow transition-transform",
              login.open ? "translate-x-4" : "translate-x-0.5",
            )}
          />
        </button>
        <span className="truncate text-xs text-slate-600 dark:text-slate-400" title={!pending && holders ? holders : undefined}>
          {pending ? t("updating") : login.open ? holders || t("open") : t("closed")}
        </span>
        {!controls.switchEnabled && <span className="sr-only">{why}</span>}
        {controls.request && (
          // Hidden while its dialog is open: the dialog's own button is then the one "Request login".
          <span className={clsx("flex shrink-0 gap-2", prominent ? "ml-auto" : "ml-auto pl-1", dialog && "invisible")}>
            <button
              type="button"
              className={
                prominent
                  ? "btn-primary"
                  : "rounded px-1.5 py-0.5 text-xs text-sky-700 hover:bg-slate-100 dark:text-sky-400 dark:hover:bg-slate-800"
              }
              title={prominent ? undefined : tr("title", { id: instanceId })}
              onClick={() => setDialog("request")}
            >
              {tr("button")}
            </button>
            {prominent && policy.breakGlass && (
              <button type="button" className="btn-secondary text-red-700 dark:text-red-300" onClick={() => setDialog("breakGlass")}>
                {tr("breakGlass")}
              </button>
            )}
          </span>
        )}
      </div>
      {showLease && <LeaseStatus login={login} />}
      {asking && <OpenLoginDialog instanceId={instanceId} onCancel={() => setAsking(false)} onConfirm={confirmOpen} />}
      {dialog === "request" && (
        <RequestLoginDialog
          selection={{ ids: [instanceId] }}
          onClose={() => setDialog(null)}
          onBreakGlass={policy.breakGlass ? () => setDialog("breakGlass") : undefined}
        />
      )}
      {dialog === "breakGlass" && <BreakGlassDialog instanceId={instanceId} onClose={() => setDialog(null)} onOpened={onSettled} />}
    </div>
  );
}
