"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { LIVE_EVENTS_PATH, type LiveChange } from "@/lib/live/changes";
import { queryKeys } from "@/lib/queries/query-keys";

/** While the stream is down, the views are refreshed this often instead. */
const FALLBACK_POLL_MS = 5000;

/**
 * Follows the server's live updates (server-sent events): a change made by anyone, on any console
 * replica, refreshes the queries of its kind here within about a second. When the stream cannot be
 * held (a proxy that buffers, a lost connection), the same queries are refreshed every few seconds
 * until it comes back.
 */
export function LiveUpdates() {
  const qc = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const refresh = (c: LiveChange) => {
      if (c.kinds.includes("logins") || c.kinds.includes("instances")) {
        void qc.invalidateQueries({ queryKey: queryKeys.fleet });
        if (c.kinds.includes("instances")) void qc.invalidateQueries({ queryKey: queryKeys.fleetFacets });
        void qc.invalidateQueries({ queryKey: ["instance"] });
        void qc.invalidateQueries({ queryKey: ["overview"] });
      }
      if (c.kinds.includes("operations")) void qc.invalidateQueries({ queryKey: ["operations"] });
      if (c.kinds.includes("requests")) void qc.invalidateQueries({ queryKey: queryKeys.requests });
      if (c.kinds.includes("inbox")) void qc.invalidateQueries({ queryKey: queryKeys.inbox });
    };
    const all: LiveChange = { kinds: ["logins", "instances", "operations", "requests", "inbox"] };
    let fallback: ReturnType<typeof setInterval> | null = null;
    const es = new EventSource(LIVE_EVENTS_PATH);
    es.onopen = () => {
      if (fallback) clearInterval(fallback);
      fallback = null;
      document.documentElement.dataset.live = "connected";
    };
    es.onmessage = (m) => {
      try {
        refresh(JSON.parse(m.data) as LiveChange);
      } catch {}
    };
    es.onerror = () => {
      document.documentElement.dataset.live = "polling";
      // A closed stream (refused: the session ended) is not reopened by the browser; the refresh
      // then meets the same refusal and the page's own handling (sign in again) takes over.
      fallback ??= setInterval(() => refresh(all), FALLBACK_POLL_MS);
    };
    return () => {
      es.close();
      if (fallback) clearInterval(fallback);
      delete document.documentElement.dataset.live;
    };
  }, [qc]);
  return null;
}
