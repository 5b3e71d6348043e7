"use client";

import { signOut } from "next-auth/react";
import { useEffect, useRef, useState } from "react";

export function UserMenu({ email, role }: { email: string; role: string }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);
  return (
    <div ref={ref} className="relative">
      <button type="button" className="btn-secondary" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <span className="max-w-48 truncate">{email}</span>
        <span className="rounded bg-slate-200 px-1.5 text-xs uppercase dark:bg-slate-700">{role}</span>
      </button>
      {open && (
        <div role="menu" aria-label="User menu" className="card absolute right-0 mt-1 w-64 p-1">
          <div className="px-3 py-2 text-sm">
            <div className="truncate font-medium">{email}</div>
            <div className="text-slate-500">Role: {role}</div>
          </div>
          <button
            type="button"
            role="menuitem"
            className="w-full rounded px-3 py-2 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
            onClick={() => signOut({ redirectTo: "/login" })}
          >
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
