"use client";

import { useEffect } from "react";

/**
 * Marks `<html data-console-ready>` once the console shell has hydrated. Behaviour that lives in
 * effects (the idle clock, the `/` shortcut) exists only from then on; e2e tests wait for this
 * mark instead of guessing with network idleness.
 */
export function HydratedMark() {
  useEffect(() => {
    document.documentElement.dataset.consoleReady = "1";
  }, []);
  return null;
}
