/**
 * One value per process, whichever bundle asks. Next may load a module once per bundle (server
 * actions, route handlers, instrumentation), so module-level `let` would give each bundle its own
 * database pool, cache or limiter; the value is kept on globalThis under a `Symbol.for` key instead.
 */
const store = globalThis as unknown as Record<symbol, unknown>;

const slot = (key: string) => Symbol.for(`aic-console.${key}`);

/** The process's value for `key`, created by `create` on first use. */
export function processSingleton<T>(key: string, create: () => T): T {
  const s = slot(key);
  if (!(s in store)) store[s] = create();
  return store[s] as T;
}

/** Forgets `key`'s value (a failed open, a closed database); the next `processSingleton` creates it again. */
export function clearProcessSingleton(key: string): void {
  delete store[slot(key)];
}

/** The current value for `key`, or undefined when none was created (or it was cleared). */
export function peekProcessSingleton<T>(key: string): T | undefined {
  return store[slot(key)] as T | undefined;
}
