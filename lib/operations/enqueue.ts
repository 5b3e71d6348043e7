import "server-only";
import { clearProcessSingleton, peekProcessSingleton, processSingleton } from "../singleton";

/** One job on the queue: one chunk of an operation's items (lib/operations/items.ts). */
export interface ChunkJob {
  operationId: string;
  chunk: number;
}

export type Enqueue = (jobs: ChunkJob[]) => Promise<void>;

// The queue handle, apart from the engine: what starts operations (a bulk submission, an expiry
// pass the engine itself runs) enqueues through it without importing the engine. One per process,
// whichever bundle asks (lib/singleton.ts).
const ENQUEUE = "operations-enqueue";

/** The engine offers its queue when it starts. */
export function provideEnqueue(enqueue: Enqueue): void {
  clearProcessSingleton(ENQUEUE);
  processSingleton(ENQUEUE, () => enqueue);
}

/** The engine withdraws its queue when it stops (a later engine's stays). */
export function withdrawEnqueue(enqueue: Enqueue): void {
  if (peekProcessSingleton<Enqueue>(ENQUEUE) === enqueue) clearProcessSingleton(ENQUEUE);
}

/** Puts chunk jobs on the queue of the engine running in this process. */
export function enqueueChunks(jobs: ChunkJob[]): Promise<void> {
  const enqueue = peekProcessSingleton<Enqueue>(ENQUEUE);
  if (!enqueue) return Promise.reject(new Error("the operations engine is not running in this process"));
  return enqueue(jobs);
}
