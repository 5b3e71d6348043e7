"use client";

import { toast } from "sonner";
import type { ActionError } from "@/lib/actions/result";
import { CopyButton } from "./copy-button";

const box = "card w-[356px] p-3 text-sm shadow-lg";

/**
 * An error toast (role=alert) with the code, the message the server chose (lib/errors.ts), what
 * ENS said itself when that differs, and the RequestId; it stays until dismissed.
 */
export function showErrorToast(title: string, error: ActionError) {
  toast.custom(
    (id) => (
      <div role="alert" className={`${box} border-red-300 dark:border-red-800`} data-testid="error-toast">
        <div className="flex items-start gap-2">
          <div className="flex-1 space-y-1">
            <div className="font-semibold text-red-800 dark:text-red-300">{title}</div>
            <div>
              <span className="font-mono font-semibold">{error.code}</span>: {error.message}
            </div>
            {error.detail && <div className="text-xs text-slate-500">{error.detail}</div>}
            {error.requestId && (
              <div className="flex flex-wrap items-center gap-1 text-xs">
                RequestId <span className="font-mono">{error.requestId}</span>
                <CopyButton value={error.requestId} label="Copy RequestId" />
              </div>
            )}
          </div>
          <button
            type="button"
            aria-label="Dismiss"
            className="rounded px-1 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
            onClick={() => toast.dismiss(id)}
          >
            ×
          </button>
        </div>
      </div>
    ),
    { duration: Infinity },
  );
}

/** A success toast (role=status) that fades on its own. */
export function showSuccessToast(title: string, detail?: React.ReactNode) {
  toast.custom(
    () => (
      <div role="status" className={`${box} border-emerald-300 dark:border-emerald-800`}>
        <div className="font-semibold text-emerald-800 dark:text-emerald-300">{title}</div>
        {detail && <div className="mt-1">{detail}</div>}
      </div>
    ),
    { duration: 5000 },
  );
}
