"use client";

import { useTranslations } from "next-intl";

/**
 * Never shows the error's own message: in production it is hidden, and it may hold internals.
 * Inside the root layout only (its NextIntlClientProvider); app/global-error.tsx carries its own words.
 */
export function ErrorPanel({ digest, reset }: { digest?: string; reset: () => void }) {
  const t = useTranslations("errors.panel");
  return (
    <div role="alert" className="mx-auto mt-16 flex max-w-lg flex-col items-center gap-3 text-center">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-slate-600 dark:text-slate-400">{t("body")}</p>
      {digest && (
        <p className="font-mono text-sm">
          {t("requestId")} <span data-testid="error-digest">{digest}</span>
        </p>
      )}
      <button type="button" className="btn-primary" onClick={reset}>
        {t("retry")}
      </button>
    </div>
  );
}
