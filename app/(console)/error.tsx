"use client";

import { useTranslations } from "next-intl";
import { ErrorScreen } from "@/components/ui/error-panel";

/** Inside the root layout, so its words come from the messages (app/global-error.tsx carries its own). */
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors.panel");
  return (
    <ErrorScreen
      words={{ title: t("title"), body: t("body"), reference: t("requestId"), retry: t("retry") }}
      digest={error.digest}
      onRetry={reset}
    />
  );
}
