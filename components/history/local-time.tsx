"use client";

import { useLocale } from "next-intl";
import { useEffect, useState } from "react";
import { formatUtc } from "./format";

/** UTC on screen; the viewer's local time on hover (set after mount: the server has no timezone of theirs). */
export function LocalTime({ iso }: { iso: string }) {
  const locale = useLocale();
  const [local, setLocal] = useState<string>();
  // eslint-disable-next-line react-hooks/set-state-in-effect -- the server cannot know the viewer's timezone; set after hydration
  useEffect(() => setLocal(new Date(iso).toLocaleString(locale, { timeZoneName: "short" })), [iso, locale]);
  return (
    <time dateTime={iso} title={local} className="whitespace-nowrap font-mono text-xs">
      {formatUtc(iso)}
    </time>
  );
}
