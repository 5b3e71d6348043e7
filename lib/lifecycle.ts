import { processSingleton } from "./singleton";

/**
 * The process's serving state, shared by the proxy, the action wrapper, readiness and the shutdown
 * handler (kept on globalThis: each of them may be a different bundle). No Node imports: the proxy
 * reads it too.
 */
interface Lifecycle {
  drainingSince: number | null;
  inFlight: number;
  idle: Array<() => void>;
}

const state = () => processSingleton<Lifecycle>("lifecycle", () => ({ drainingSince: null, inFlight: 0, idle: [] }));

/** True once shutdown has begun: new requests are refused, readiness answers 503. */
export const draining = (): boolean => state().drainingSince !== null;

export function beginDrain(now = Date.now()): void {
  state().drainingSince ??= now;
}

/** Runs an action as "in flight": shutdown waits for it (bounded) before closing the database. */
export async function inFlight<T>(run: () => Promise<T>): Promise<T> {
  const s = state();
  s.inFlight++;
  try {
    return await run();
  } finally {
    s.inFlight--;
    if (s.inFlight === 0) for (const wake of s.idle.splice(0)) wake();
  }
}

export const inFlightCount = (): number => state().inFlight;

/** Resolves true when no action is in flight, or false after `timeoutMs` with some still running. */
export function untilIdle(timeoutMs: number): Promise<boolean> {
  const s = state();
  if (s.inFlight === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    s.idle.push(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
