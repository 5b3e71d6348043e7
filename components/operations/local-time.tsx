"use client";

import { useSyncExternalStore } from "react";
import { formatUtc } from "@/components/history/format";

const never = () => () => {};

/** The viewer's local time; the server, which has no timezone of theirs, renders UTC until hydration. */
export function LocalTime({ iso }: { iso: string }) {
  const text = useSyncExternalStore(
    never,
    () => new Date(iso).toLocaleString(undefined, { timeZoneName: "short" }),
    () => formatUtc(iso),
  );
  return (
    <time dateTime={iso} title={formatUtc(iso)} className="whitespace-nowrap">
      {text}
    </time>
  );
}
