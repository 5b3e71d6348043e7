"use client";

import { useTranslations } from "next-intl";
import { toast } from "sonner";
import type { ActionError } from "@/lib/actions/result";
import { errorCodeKey } from "@/lib/i18n/error-key";
import { CopyButton } from "@/components/ui/copy-button";

const box = "card w-[356px] p-3 text-sm shadow-lg";

/** Codes the browser gives errors itself (no server answered): their words are the browser's to say. */
const CLIENT_CODES: ReadonlySet<string> = new Set(["Console.Network", "Console.Unreachable"]);

/**
 * An error's message as the user reads it: the server's as given (already in their language),
 * an error made in the browser by its code.
 */
export function useErrorText(): (error: ActionError) => string {
  const t = useTranslations("errors");
  return (error) => (CLIENT_CODES.has(error.code) ? t(errorCodeKey(error.code) as "codes.Console_Network") : error.message);
}

function ErrorToast({ id, title, error }: { id: string | number; title: string; error: ActionError }) {
  const t = useTranslations("errors");
  const common = useTranslations("common");
  const text = useErrorText();
  return (
    <div role="alert" className={`${box} border-red-300 dark:border-red-800`} data-testid="error-toast">
      <div className="flex items-start gap-2">
        <div className="flex-1 space-y-1">
          <div className="font-semibold text-red-800 dark:text-red-300">{title}</div>
          <div>
            <span className="font-mono font-semibold">{error.code}</span>: {text(error)}
          </div>
          {error.detail && <div className="text-xs text-slate-500">{error.detail}</div>}
          {error.requestId && (
            <div className="flex flex-wrap items-center gap-1 text-xs">
              {common("requestId")} <span className="font-mono">{error.requestId}</span>
              <CopyButton value={error.requestId} label={t("toast.copyRequestId")} />
            </div>
          )}
        </div>
        <button
          type="button"
          aria-label={t("toast.dismiss")}
          className="rounded px-1 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
          onClick={() => toast.dismiss(id)}
        >
          ×
        </button>
      </div>
    </div>
  );
}

/**
 * An error toast (role=alert) with the code, the message the server chose (lib/errors.ts), what
 * ENS said itself when that differs, and the RequestId; it stays until dismissed.
 */
export function showErrorToast(title: string, error: ActionError) {
  toast.custom((id) => <ErrorToast id={id} title={title} error={error} />, { duration: Infinity });
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
