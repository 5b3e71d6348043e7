"use client";

import { useIsMutating } from "@tanstack/react-query";
import clsx from "clsx";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import type { LoginState } from "@/lib/instances/view";
import { useLoginMutation } from "./use-login-mutation";

export type PowerAction = "reboot" | "reset";
/** The login items that open a dialog (Close login now acts at once). */
export type LeaseAction = "extend" | "adopt";

interface Item {
  key: string;
  label: string;
  className?: string;
  allowed: boolean;
  reason: string;
  run: () => void;
  /** A line above this item. */
  separated?: boolean;
}

/**
 * A row's menu button (WAI-ARIA menu button): arrows move, Escape closes and returns focus. Login
 * items when login is open (extend, close now; adopt when it was opened outside the console), then
 * reboot and reset. An item the role may not use stays in the menu, disabled, saying why.
 */
export function RowActions({
  instanceId,
  login,
  canToggle,
  loginDeniedReason,
  canPower,
  powerDeniedReason,
  onPower,
  onLease,
}: {
  instanceId: string;
  login: LoginState;
  canToggle: boolean;
  loginDeniedReason: string;
  canPower: boolean;
  powerDeniedReason: string;
  onPower: (id: string, action: PowerAction) => void;
  onLease: (id: string, action: LeaseAction) => void;
}) {
  const t = useTranslations("instances.rowActions");
  const closeLogin = useLoginMutation(instanceId);
  const changing = useIsMutating({ mutationKey: ["login", instanceId] }) > 0;
  const [open, setOpen] = useState<false | "first" | "last">(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const items = menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]');
    items?.[open === "first" ? 0 : items.length - 1]?.focus();
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onMenuKey = (e: React.KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    const go = (n: number) => (e.preventDefault(), items[(n + items.length) % items.length]?.focus());
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === "ArrowDown") go(i + 1);
    else if (e.key === "ArrowUp") go(i - 1);
    else if (e.key === "Home") go(0);
    else if (e.key === "End") go(items.length - 1);
    else if (e.key === "Tab") setOpen(false);
  };
  const choose = (item: Item) => {
    if (!item.allowed) return;
    // Focus back on the button first, so the dialog returns focus there when it closes.
    close();
    item.run();
  };

  const loginItem = (key: string, label: string, run: () => void): Item => ({
    key,
    label,
    allowed: canToggle && !changing,
    reason: canToggle ? t("changing") : loginDeniedReason,
    run,
  });
  const items: Item[] = [
    ...(login.open && login.outside ? [loginItem("adopt", t("adopt"), () => onLease(instanceId, "adopt"))] : []),
    ...(login.open && login.lease && !login.outside ? [loginItem("extend", t("extend"), () => onLease(instanceId, "extend"))] : []),
    ...(login.open ? [loginItem("close", t("closeNow"), () => closeLogin.mutate({ action: "close" }))] : []),
    ...(["reboot", "reset"] as const).map((action, i): Item => ({
      key: action,
      label: t(action),
      className: action === "reset" ? "text-red-700 dark:text-red-300" : undefined,
      allowed: canPower,
      reason: powerDeniedReason,
      run: () => onPower(instanceId, action),
      separated: i === 0 && login.open,
    })),
  ];
  const usable = canPower || canToggle;

  return (
    <div className="relative inline-block">
      <button
        ref={button}
        type="button"
        aria-label={t("label", { id: instanceId })}
        aria-haspopup="menu"
        aria-expanded={!!open}
        aria-controls={open ? menuId : undefined}
        disabled={!usable}
        title={usable ? undefined : powerDeniedReason}
        className="rounded px-2 py-0.5 text-slate-600 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 dark:text-slate-300 dark:hover:bg-slate-800"
        onClick={() => setOpen(open ? false : "first")}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            setOpen(e.key === "ArrowDown" ? "first" : "last");
          }
        }}
      >
        <span aria-hidden>⋯</span>
      </button>
      {open && (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-label={t("label", { id: instanceId })}
          className="card absolute right-0 z-20 mt-1 w-44 py-1 text-left shadow-lg"
          onKeyDown={onMenuKey}
        >
          {items.map((item) => (
            <button
              key={item.key}
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-disabled={!item.allowed || undefined}
              title={item.allowed ? undefined : item.reason}
              className={clsx(
                "block w-full px-3 py-1.5 text-left text-sm hover:bg-slate-100 focus:bg-slate-100 focus:outline-none dark:hover:bg-slate-800 dark:focus:bg-slate-800",
                item.separated && "mt-1 border-t border-slate-200 pt-2 dark:border-slate-700",
                item.allowed ? item.className : "cursor-not-allowed text-slate-400 dark:text-slate-500",
              )}
              onClick={() => choose(item)}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
