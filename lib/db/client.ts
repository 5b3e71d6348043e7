import fs from "node:fs";
import path from "node:path";
import { config, type Env } from "../config";
import { clearProcessSingleton, peekProcessSingleton, processSingleton } from "../singleton";
import { databaseClosedForGood } from "../lifecycle";
import { lockDataFolder } from "./data-lock";
import type { Db, DbHandle } from "./handle";
import { migrate } from "./migrate";
import { startPgliteWorker } from "./pglite-worker-client";
import * as schema from "./schema";
import { logger } from "../log/logger";

const log = logger("db");

export { queryRows, type Db, type DbHandle } from "./handle";

// Per process, not per bundle: a handle opened by one bundle is checked by the others.
const oneConnection = () => processSingleton("db-single-connection", () => new WeakSet<object>());

/**
 * True for PGlite: one connection in one process (openDb locks the data folder to it), so its
 * transactions already run one at a time and cross-process locks have nothing to guard.
 */
export function isSingleConnection(db: Db): boolean {
  return oneConnection().has(db);
}

export function dataDir(env?: Env): string {
  return path.resolve(/*turbopackIgnore: true*/ config(env).CONSOLE_DATA_DIR, "pglite");
}

/** How a database opens: `from`, a PGlite `snapshot` (tests start each fresh database from a migrated one). */
export interface OpenOptions {
  from?: Uint8Array;
}

/**
 * Opens the database. A PGlite folder is locked to this process first (the console and every CLI
 * come through here): a second opener is refused, naming the holder.
 */
export async function openDb(env?: Env, options: OpenOptions = {}): Promise<DbHandle> {
  const c = config(env);
  const lock = !c.DATABASE_URL && c.CONSOLE_DATA_DIR !== "memory://" ? lockDataFolder(dataDir(env)) : null;
  if (!lock) return openUnlocked(env, options);
  try {
    const h = await openUnlocked(env, options);
    return { ...h, close: () => h.close().finally(() => lock.release()) };
  } catch (e) {
    lock.release();
    throw e;
  }
}

async function openUnlocked(env: Env | undefined, options: OpenOptions): Promise<DbHandle> {
  const { DATABASE_URL: url, DATABASE_POOL_MAX: max, CONSOLE_DATA_DIR } = config(env);
  if (url) {
    const { Pool } = (await import("pg")).default;
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new Pool({ connectionString: url, max });
    // An idle connection dropped by the server (restart, failover, admin) must not crash the process;
    // the pool replaces it on the next query.
    pool.on("error", (e) => log.error({ err: e }, "idle PostgreSQL connection lost"));
    const db = drizzle({ client: pool, schema }) as unknown as Db;
    return {
      db,
      kind: "postgres",
      exec: async (text) => void (await pool.query(text)),
      executeSql: async (text, values) => {
        const r = await pool.query(text, values);
        // A multi-statement text answers one result per statement: the last one is the answer.
        return Array.isArray(r) ? (r.at(-1) ?? { rows: [] }) : r;
      },
      listen: (channel, fn) => listenPostgres(url, channel, fn),
      close: () => pool.end(),
    };
  }
  const { drizzle } = await import("drizzle-orm/pglite");
  const memory = CONSOLE_DATA_DIR === "memory://";
  const dir = memory ? "memory://" : dataDir(env);
  if (!memory) fs.mkdirSync(path.dirname(dir), { recursive: true });
  // PGlite runs on a thread of its own: a long query there does not hold the console's requests.
  const client = await startPgliteWorker(dir, options.from);
  const db = drizzle({ client: client as never, schema }) as unknown as Db;
  oneConnection().add(db);
  return {
    db,
    kind: "pglite",
    exec: async (text) => void (await client.exec(text)),
    // PGlite prepares a parameterised text (one statement) and runs a plain one as a script.
    executeSql: async (text, values) =>
      values?.length
        ? ((await client.query(text, values)) as { rows: Record<string, unknown>[] })
        : (((await client.exec(text)).at(-1) as { rows: Record<string, unknown>[] } | undefined) ?? { rows: [] }),
    listen: (channel, fn) => client.listen(channel, fn),
    snapshot: () => client.snapshot(),
    close: () => client.close(),
  };
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to other queries). Should the
 * connection drop, it is opened again after a pause; notifications sent meanwhile are lost, which
 * the browser's fallback refresh covers.
 */
async function listenPostgres(url: string, channel: string, fn: (payload: string) => void): Promise<() => Promise<void>> {
  const { Client } = (await import("pg")).default;
  let stopped = false;
  let current: InstanceType<typeof Client> | null = null;
  const connect = async (): Promise<void> => {
    const c = new Client({ connectionString: url });
    c.on("notification", (m) => m.channel === channel && m.payload !== undefined && fn(m.payload));
    c.on("error", (e) => {
      log.error({ channel, err: e }, "LISTEN connection lost");
      void c.end().catch(() => {});
      if (!stopped) setTimeout(() => void connect().catch(() => {}), 1000).unref();
    });
    await c.connect();
    await c.query(`LISTEN ${channel.replace(/[^a-z0-9_]/g, "")}`);
    current = c;
  };
  await connect();
  return async () => {
    stopped = true;
    await current?.end().catch(() => {});
  };
}

const DB = "db";

/** The process-wide database, migrated before first use. PGlite allows one process per folder. */
export function getDbHandle(): Promise<DbHandle> {
  // After a shutdown closed it, a late request must fail rather than open (and migrate) it again.
  if (databaseClosedForGood()) return Promise.reject(new Error("the console is shutting down: the database is closed"));
  return processSingleton(DB, () =>
    (async () => {
      const handle = await openDb();
      await migrateAsOwner(handle);
      return handle;
    })().catch((e) => {
      clearProcessSingleton(DB);
      throw e;
    }),
  );
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

export async function closeDb(): Promise<void> {
  const p = peekProcessSingleton<Promise<DbHandle>>(DB);
  clearProcessSingleton(DB);
  if (p) await (await p).close();
}

/**
 * Runs the migrations as the database's owner when DATABASE_MIGRATION_URL is set (PostgreSQL):
 * the console's own role (DATABASE_URL) may only read and append the audit tables, so it cannot
 * create or alter tables. Without it, the console's connection migrates, as before.
 * (Here rather than in migrate-as-owner.ts, which re-exports it: it opens a connection, and
 * client.ts must not import a module that imports client.ts.)
 */
export async function migrateAsOwner(handle: DbHandle, env: Env = process.env): Promise<string[]> {
  const ownerUrl = config(env).DATABASE_MIGRATION_URL;
  if (!ownerUrl || handle.kind !== "postgres") return migrate(handle);
  const owner = await openDb({ ...env, DATABASE_URL: ownerUrl, DATABASE_POOL_MAX: "1" });
  try {
    return await migrate(owner);
  } finally {
    await owner.close();
  }
}
