import "server-only";
import { hostname } from "node:os";
import { sql, type SQL } from "drizzle-orm";
import { isSingleConnection, type Db } from "../db/client";

/**
 * Console processes beat every few seconds; one that stopped beating is dead, and the work it held
 * is taken over. On PGlite only one process can hold the database (lib/db/data-lock.ts), so every
 * other owner is dead by definition: after a restart, the work is taken over at once.
 */
export interface ProcessIdentity {
  id: string;
  deadAfterMs: number;
}

export async function registerProcess(db: Db, id: string): Promise<void> {
  await db.execute(sql`INSERT INTO console_processes (id, host, pid) VALUES (${id}, ${hostname()}, ${process.pid})`);
}

export async function beat(db: Db, id: string): Promise<void> {
  await db.execute(sql`UPDATE console_processes SET heartbeat_at = clock_timestamp() WHERE id = ${id}`);
  await db.execute(sql`DELETE FROM console_processes WHERE heartbeat_at < clock_timestamp() - interval '1 day'`);
}

export async function unregisterProcess(db: Db, id: string): Promise<void> {
  await db.execute(sql`DELETE FROM console_processes WHERE id = ${id}`);
}

/** SQL: true when `owner` (a column) names no live process other than `me`. */
export function ownerIsGone(db: Db, owner: SQL, me: ProcessIdentity): SQL {
  if (isSingleConnection(db)) return sql`(${owner} <> ${me.id})`;
  return sql`(${owner} <> ${me.id} AND NOT EXISTS (SELECT 1 FROM console_processes p WHERE p.id = ${owner}
    AND p.heartbeat_at > clock_timestamp() - make_interval(secs => ${me.deadAfterMs / 1000})))`;
}
