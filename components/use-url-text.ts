"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/**
 * A search box's text, kept in step with its URL parameter: when the URL changes from elsewhere
 * (Back, a nav link, Clear) the box shows it; the URL catching up with what the box itself sent
 * changes nothing, so typing ahead of a debounced navigation is never undone.
 */
export function useUrlText(urlValue: string) {
  const [text, setText] = useState(urlValue);
  const sent = useRef(urlValue);
  useEffect(() => {
    if (urlValue === sent.current) return;
    sent.current = urlValue;
    setText(urlValue);
  }, [urlValue]);
  const markSent = useCallback((value: string) => void (sent.current = value), []);
  return [text, setText, markSent] as const;
}
