import { processSingleton } from "./singleton";

/**
 * The process's serving state, shared by the proxy, the action wrapper, sign-in, read routes,
 * readiness, the database client and the shutdown handler (kept on globalThis: each of them may be
 * a different bundle).
 */
interface Lifecycle {
  draining: boolean;
  /** The database was closed for good: nothing may open it again in this process. */
  closed: boolean;
  inFlight: number;
  idle: Array<() => void>;
}

const state = () => processSingleton<Lifecycle>("lifecycle", () => ({ draining: false, closed: false, inFlight: 0, idle: [] }));

/** True once shutdown has begun: new requests are refused, readiness answers 503. */
export const draining = (): boolean => state().draining;

export function beginDrain(): void {
  state().draining = true;
}

export const databaseClosedForGood = (): boolean => state().closed;

export function closeDatabaseForGood(): void {
  state().closed = true;
}

/** Runs a request's work as "in flight": shutdown waits for it (bounded) before closing the database. */
export async function trackInFlight<T>(run: () => Promise<T>): Promise<T> {
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
