"use client";

import { getSession } from "next-auth/react";
import { useTranslations } from "next-intl";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { countsAsActivity } from "@/lib/background-fetch";
import { loginUrlForExpiredSession } from "@/lib/http/get-json";

/**
 * The server ends a session after `idleMs` without requests. This mirrors that clock in the
 * browser: it warns `warnBeforeMs` before the end and lets the user stay signed in. Every request
 * the user causes (an action, a refresh, a navigation) rolls the server's clock and restarts this
 * one, whichever component sent it, so it watches `fetch` itself rather than trusting each caller.
 */
export function IdleWarning({ idleMs, warnBeforeMs }: { idleMs: number; warnBeforeMs: number }) {
  const t = useTranslations("auth.idle");
  const pathname = usePathname();
  const [lastActive, setLastActive] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => setLastActive(Date.now()), [pathname]);
  useEffect(() => {
    const original = window.fetch;
    const observed: typeof fetch = function (this: unknown, input, init) {
      const answer = original.call(this, input, init);
      let counts = false;
      try {
        counts = countsAsActivity(input, init ?? undefined);
      } catch {
        // An input fetch itself accepts but this check cannot read: the request is not ours to judge.
      }
      if (counts)
        answer.then(
          () => setLastActive(Date.now()),
          () => {},
        );
      return answer;
    };
    window.fetch = observed;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearInterval(t);
      if (window.fetch === observed) window.fetch = original;
    };
  }, []);

  const remaining = lastActive + idleMs - now;
  useEffect(() => {
    if (remaining <= 0) window.location.assign(loginUrlForExpiredSession());
  }, [remaining]);

  // A server round trip rolls the session's idle clock; the fetch it makes, observed above, rolls this one.
  const stay = useCallback(() => void getSession(), []);

  if (remaining > warnBeforeMs || remaining <= 0) return null;
  return (
    <div
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="idle-title"
      className="card fixed bottom-6 left-1/2 z-50 w-96 -translate-x-1/2 p-4"
    >
      <h2 id="idle-title" className="font-semibold">
        {t("title")}
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">{t("body", { seconds: Math.ceil(remaining / 1000) })}</p>
      <button type="button" className="btn-primary mt-3" onClick={stay}>
        {t("stay")}
      </button>
    </div>
  );
}
