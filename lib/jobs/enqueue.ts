import "server-only";
import { clearProcessSingleton, peekProcessSingleton, processSingleton } from "../singleton";

/**
 * One entry on the queue (pg-boss calls it a job): one chunk of a job's items (lib/jobs/items.ts).
 * Its payload keeps the field name `operationId` (the job's id): entries already queued in a
 * database carry it, and the sweep reads it in SQL.
 */
export interface QueuedChunk {
  operationId: string;
  chunk: number;
}

export type Enqueue = (chunks: QueuedChunk[]) => Promise<void>;

// The queue handle, apart from the engine: what starts jobs (a bulk submission, an expiry
// pass the engine itself runs) enqueues through it without importing the engine. One per process,
// whichever bundle asks (lib/singleton.ts).
const ENQUEUE = "jobs-enqueue";

/** The engine offers its queue when it starts. */
export function provideEnqueue(enqueue: Enqueue): void {
  clearProcessSingleton(ENQUEUE);
  processSingleton(ENQUEUE, () => enqueue);
}

/** The engine withdraws its queue when it stops (a later engine's stays). */
export function withdrawEnqueue(enqueue: Enqueue): void {
  if (peekProcessSingleton<Enqueue>(ENQUEUE) === enqueue) clearProcessSingleton(ENQUEUE);
}

/** Puts chunks on the queue of the engine running in this process. */
export function enqueueChunks(chunks: QueuedChunk[]): Promise<void> {
  const enqueue = peekProcessSingleton<Enqueue>(ENQUEUE);
  if (!enqueue) return Promise.reject(new Error("the job engine is not running in this process"));
  return enqueue(chunks);
}
