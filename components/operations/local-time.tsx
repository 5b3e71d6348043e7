"use client";

import { useLocale } from "next-intl";
import { useSyncExternalStore } from "react";
import { formatUtc } from "@/components/history/format";

const never = () => () => {};

/** The viewer's local time; the server, which has no timezone of theirs, renders UTC until hydration. */
export function LocalTime({ iso }: { iso: string }) {
  const locale = useLocale();
  const text = useSyncExternalStore(
    never,
    () => new Date(iso).toLocaleString(locale, { timeZoneName: "short" }),
    () => formatUtc(iso),
  );
  return (
    <time dateTime={iso} title={formatUtc(iso)} className="whitespace-nowrap">
      {text}
    </time>
  );
}
