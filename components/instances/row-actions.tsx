"use client";

import { useEffect, useId, useRef, useState } from "react";

export type PowerAction = "reboot" | "reset";

const ITEMS: { action: PowerAction; label: string; className: string }[] = [
  { action: "reboot", label: "Reboot", className: "" },
  { action: "reset", label: "Reset", className: "text-red-700 dark:text-red-300" },
];

/** A row's menu button (WAI-ARIA menu button): arrows move, Escape closes and returns focus. */
export function RowActions({
  instanceId,
  canPower,
  deniedReason,
  onPower,
}: {
  instanceId: string;
  canPower: boolean;
  deniedReason: string;
  onPower: (id: string, action: PowerAction) => void;
}) {
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
  const choose = (action: PowerAction) => {
    // Focus back on the button first, so the dialog returns focus there when it closes.
    close();
    onPower(instanceId, action);
  };

  return (
    <div className="relative inline-block">
      <button
        ref={button}
        type="button"
        aria-label={`Actions for ${instanceId}`}
        aria-haspopup="menu"
        aria-expanded={!!open}
        aria-controls={open ? menuId : undefined}
        disabled={!canPower}
        title={canPower ? undefined : deniedReason}
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
          aria-label={`Actions for ${instanceId}`}
          className="card absolute right-0 z-20 mt-1 w-32 py-1 text-left shadow-lg"
          onKeyDown={onMenuKey}
        >
          {ITEMS.map((item) => (
            <button
              key={item.action}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={`block w-full px-3 py-1.5 text-left text-sm hover:bg-slate-100 focus:bg-slate-100 focus:outline-none dark:hover:bg-slate-800 dark:focus:bg-slate-800 ${item.className}`}
              onClick={() => choose(item.action)}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
