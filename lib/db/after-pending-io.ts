/**
 * Runs `write` one macrotask later. PGlite runs queries on this thread, in one run of microtasks:
 * a write started at once would hold back the request the caller sends next (an ENS read-back).
 * One macrotask later, that request is on the wire.
 */
export function afterPendingIo<T>(write: () => Promise<T>): Promise<T> {
  return new Promise<void>((resolve) => setImmediate(resolve)).then(write);
}
