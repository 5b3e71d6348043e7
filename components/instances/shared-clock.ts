"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useSyncExternalStore } from "react";

// One clock for every countdown on the page (the list mounts a few dozen of its 10,000 rows at a
// time): one timer, every second while some label shows seconds or is about to, otherwise every
// SLOW_TICK_MS. Each reader's snapshot is its label, so a row re-renders only when its text changes.

export const SLOW_TICK_MS = 15_000;
const FAST_TICK_MS = 1000;

interface Reader {
  notify: () => void;
  fast: (now: number) => boolean;
}

const readers = new Set<Reader>();
let now = Date.now();
let timer: ReturnType<typeof setTimeout> | null = null;
let timerStep = 0;

function schedule() {
  const step = [...readers].some((r) => r.fast(now)) ? FAST_TICK_MS : SLOW_TICK_MS;
  if (timer !== null && step === timerStep) return;
  if (timer !== null) clearTimeout(timer);
  timerStep = step;
  // On the step's boundaries, so every label on the page turns over at the same moment.
  timer = setTimeout(tick, step - (Date.now() % step) + 5);
}

function tick() {
  timer = null;
  now = Date.now();
  for (const r of readers) r.notify();
  if (readers.size) schedule();
}

/** A clock this much older than now is read again before a label that just changed is painted. */
const STALE_MS = 50;

function refresh() {
  now = Date.now();
  for (const r of readers) r.notify();
  schedule();
}

function subscribe(reader: Reader): () => void {
  readers.add(reader);
  // A reader that mounts late reads a fresh time, not the one of the last slow tick.
  now = Date.now();
  schedule();
  return () => {
    readers.delete(reader);
    if (!readers.size && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

/**
 * `label(now)` from the shared clock. `fast(now)` says whether the label may change within a slow
 * tick; `server` is what the server and the hydrating render show (they share no clock).
 */
export function useClockLabel<T extends string>(label: (now: number) => T, fast: (now: number) => boolean, server: string): T | string {
  const fastRef = useRef(fast);
  useEffect(() => {
    fastRef.current = fast;
  });
  const sub = useCallback((notify: () => void) => subscribe({ notify, fast: (n) => fastRef.current(n) }), []);
  // A label whose input changed between ticks (a login just opened for one minute) would be worked
  // out from the last tick, up to a slow tick ago ("closes in 74 s"), and keep the slow cadence:
  // the clock is read again, and the cadence chosen again, before the browser paints it.
  useLayoutEffect(() => {
    if (Date.now() - now > STALE_MS) refresh();
  });
  return useSyncExternalStore(
    sub,
    () => label(now),
    () => server,
  );
}
