"use client";

import { useSyncExternalStore } from "react";
import { ErrorScreen } from "@/components/ui/error-panel";
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
        <ErrorScreen words={t} digest={error.digest} onRetry={reset} />
      </body>
    </html>
  );
}
