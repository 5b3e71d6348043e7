"use client";

import { useSyncExternalStore } from "react";
import en from "@/messages/en/pages.json";
import zh from "@/messages/zh-CN/pages.json";
import "./globals.css";

// This replaces the root layout, so no messages are provided: it carries its own few words, in
// the language the page was in (else the browser's). The server render cannot know it: English.
const TEXT = { en: en.globalError, "zh-CN": zh.globalError };
type Lang = keyof typeof TEXT;

const pageLang = (): Lang => ((document.documentElement.lang || navigator.language).toLowerCase().startsWith("zh") ? "zh-CN" : "en");
const noSubscription = () => () => {};

export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const lang = useSyncExternalStore<Lang | null>(noSubscription, pageLang, () => null);
  const t = TEXT[lang ?? "en"];
  return (
    <html lang={lang ?? undefined}>
      <body>
        <div role="alert" className="mx-auto mt-16 flex max-w-lg flex-col items-center gap-3 text-center">
          <h1 className="text-2xl font-semibold">{t.title}</h1>
          <p className="text-slate-600 dark:text-slate-400">{t.body}</p>
          {error.digest && (
            <p className="font-mono text-sm">
              {t.reference} <span data-testid="error-digest">{error.digest}</span>
            </p>
          )}
          <button type="button" className="btn-primary" onClick={reset}>
            {t.retry}
          </button>
        </div>
      </body>
    </html>
  );
}
