import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema";

// What a database is to its users (queries, migrations), apart from how it is opened (client.ts).

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DbHandle {
  db: Db;
  kind: "pglite" | "postgres";
  /** Runs a multi-statement SQL text (migrations, seeds). */
  exec(sqlText: string): Promise<void>;
  /** Runs one SQL text with positional parameters, or a multi-statement text without any (the job queue's driver). */
  executeSql(sqlText: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /**
   * Calls `fn` with the payload of every NOTIFY on `channel`, from any process on the database
   * (PostgreSQL: a dedicated connection that reconnects; PGlite: in-process). Returns the stop.
   */
  listen(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>>;
  /** PGlite only: the data folder as a tarball, which `openDb(env, { from })` starts a database from. */
  snapshot?(): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Rows of a raw SQL query, on either driver (both return `{ rows }`). */
export async function queryRows<T>(db: { execute(q: SQL): PromiseLike<unknown> }, q: SQL): Promise<T[]> {
  const r = (await db.execute(q)) as { rows: T[] };
  return r.rows;
}
