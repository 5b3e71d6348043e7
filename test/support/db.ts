import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDb, type DbHandle } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";

export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    await c.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

async function adminQuery(text: string, url = PG_ADMIN_URL): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

export const PG_ROLES_SQL = path.resolve("scripts/pg-roles.sql");

/**
 * An empty database on the local PostgreSQL, with a URL to it and a way to drop it. `url` is the
 * owner's (run the migrations with it); `consoleUrl` connects as the console's role (aic_console,
 * scripts/pg-roles.sql), which may only read and append the audit tables.
 */
export async function createPgDatabase(prefix = "aic_test"): Promise<{ url: string; consoleUrl: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  await adminQuery(fs.readFileSync(PG_ROLES_SQL, "utf8"), url.toString());
  const consoleUrl = new URL(url);
  consoleUrl.username = "aic_console";
  consoleUrl.password = "";
  return { url: url.toString(), consoleUrl: consoleUrl.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

let template: Promise<Uint8Array> | undefined;

/** A migrated PGlite as a snapshot, made once per test process: a fresh one then skips initdb and the migrations. */
function migratedPglite(): Promise<Uint8Array> {
  template ??= (async () => {
    const h = await openDb({ CONSOLE_DATA_DIR: "memory://" });
    try {
      await migrate(h);
      return await h.snapshot!();
    } finally {
      await h.close();
    }
  })();
  return template;
}

/** A fresh, migrated database: in-memory PGlite, or a throwaway database on the local PostgreSQL. */
export async function freshDb(kind: "pglite" | "postgres"): Promise<DbHandle & { drop(): Promise<void> }> {
  if (kind === "pglite") {
    const h = await openDb({ CONSOLE_DATA_DIR: "memory://" }, { from: await migratedPglite() });
    // Applies nothing (the snapshot is migrated), as the console's start-up would not.
    await migrate(h);
    return { ...h, drop: () => h.close() };
  }
  const database = await createPgDatabase();
  const h = await openDb({ DATABASE_URL: database.url });
  await migrate(h);
  return {
    ...h,
    drop: async () => {
      await h.close();
      await database.drop();
    },
  };
}

/** A database another process (a CLI) can open: a PGlite folder, or a PostgreSQL database; as env. */
export async function sharedDb(kind: "pglite" | "postgres"): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> {
  if (kind === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aic-shared-"));
    return { env: { CONSOLE_DATA_DIR: dir }, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const database = await createPgDatabase("aic_shared");
  return { env: { DATABASE_URL: database.url }, cleanup: database.drop };
}

export const BACKENDS = ["pglite", ...((await postgresReachable()) ? ["postgres" as const] : [])] as const;
