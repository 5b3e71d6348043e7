import path from "node:path";
import { Worker } from "node:worker_threads";

// The console's end of the embedded database's thread (lib/db/pglite-worker.mjs). It offers what
// Drizzle's PGlite driver, the job queue and lib/db/client.ts use of PGlite (query, exec,
// transaction, listen, close) and sends each call to the thread that owns PGlite.

export const PGLITE_WORKER_FILE = path.join(/*turbopackIgnore: true*/ process.cwd(), "lib/db/pglite-worker.mjs");

type Rows = { rows: unknown[]; fields?: { name: string; dataTypeID: number }[]; affectedRows?: number };
type QueryOptions = { rowMode?: "array" | "object"; parsers?: Record<number, (value: string, typeId: number) => unknown> };
type Request = {
  op: string;
  tx?: number;
  text?: string;
  params?: unknown[];
  rowMode?: string;
  keepText?: number[];
  channel?: string;
  subscription?: number;
};
type Answer =
  { id: number; ok: boolean; value?: unknown; error?: Record<string, unknown> } | { notify: number; payload: string } | { ready: true };

export interface PgliteLike {
  query(text: string, params?: unknown[], options?: QueryOptions): Promise<Rows>;
  exec(text: string): Promise<Rows[]>;
}

export interface PgliteWorkerClient extends PgliteLike {
  transaction<T>(fn: (tx: PgliteLike) => Promise<T>): Promise<T>;
  listen(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>>;
  /** The whole data folder as an uncompressed tarball, to start another database from. */
  snapshot(): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** An error of the database's thread as the console sees it: PostgreSQL's fields (code, constraint…) kept. */
function rebuiltError(fields: Record<string, unknown> = {}): Error {
  const e = new Error(String(fields.message ?? "the embedded database failed"));
  Object.assign(e, fields);
  return e;
}

/** Applies the caller's parsers to the columns the thread left as text (Drizzle's keep them as text). */
function parsed(result: Rows, options: QueryOptions | undefined): Rows {
  const parsers = options?.parsers;
  if (!parsers || !result.fields) return result;
  const columns = result.fields.flatMap((f, i) =>
    parsers[f.dataTypeID] ? [{ i, name: f.name, parse: parsers[f.dataTypeID], type: f.dataTypeID }] : [],
  );
  if (!columns.length) return result;
  for (const row of result.rows as Record<string | number, unknown>[]) {
    for (const c of columns) {
      const key = options?.rowMode === "array" ? c.i : c.name;
      if (typeof row[key] === "string") row[key] = c.parse(row[key] as string, c.type);
    }
  }
  return result;
}

/**
 * Starts the database's thread on `dataDir` (a folder the caller has locked, or memory://), from
 * the `snapshot` of another database when `loadDataDir` is given.
 */
export async function startPgliteWorker(dataDir: string, loadDataDir?: Uint8Array): Promise<PgliteWorkerClient> {
  const worker = new Worker(PGLITE_WORKER_FILE, { workerData: { dataDir, loadDataDir } });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<number, (payload: string) => void>();
  let nextId = 1;
  let failure: Error | null = null;

  // The thread keeps the process alive only while a call waits on it, as PGlite in the process did.
  worker.unref();
  const settle = () => {
    if (waiting.size === 0) worker.unref();
  };
  const failAll = (e: Error) => {
    failure = e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
    settle();
  };

  const ready = new Promise<void>((resolve, reject) => {
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the embedded database's thread exited (${code}) while starting`)));
    worker.on("message", (m: Answer) => {
      if ("ready" in m) return resolve();
      if ("notify" in m) return listeners.get(m.notify)?.(m.payload);
      const w = waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id);
      settle();
      if (m.ok) w.resolve(m.value);
      else w.reject(rebuiltError(m.error));
    });
  });
  worker.ref();
  try {
    await ready;
  } catch (e) {
    await worker.terminate();
    throw e;
  }
  worker.unref();
  worker.on("error", (e) => failAll(e));
  worker.on("exit", (code) => failAll(new Error(`the embedded database's thread exited (${code})`)));

  const call = <T>(request: Request): Promise<T> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.ref();
      worker.postMessage({ id, ...request });
    });
  };
  const on = (tx: number | undefined): PgliteLike => ({
    query: async (text, params = [], options) => {
      const keepText = options?.parsers ? Object.keys(options.parsers).map(Number) : [];
      return parsed(await call<Rows>({ op: "query", tx, text, params, rowMode: options?.rowMode, keepText }), options);
    },
    exec: (text) => call<Rows[]>({ op: "exec", tx, text }),
  });

  return {
    ...on(undefined),
    async transaction(fn) {
      const tx = nextId;
      await call({ op: "begin" });
      let result;
      try {
        result = await fn(on(tx));
      } catch (e) {
        await call({ op: "rollback", tx }).catch(() => {});
        throw e;
      }
      await call({ op: "commit", tx });
      return result;
    },
    async listen(channel, fn) {
      const subscription = nextId;
      listeners.set(subscription, fn);
      await call({ op: "listen", channel });
      return async () => {
        listeners.delete(subscription);
        await call({ op: "unlisten", subscription }).catch(() => {});
      };
    },
    snapshot: () => call<Uint8Array>({ op: "snapshot" }),
    async close() {
      if (!failure) await call({ op: "close" });
      failure ??= new Error("the embedded database is closed");
      await worker.terminate();
    },
  };
}
