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

/** A fresh, migrated database: in-memory PGlite, or a throwaway database on the local PostgreSQL. */
export async function freshDb(kind: "pglite" | "postgres"): Promise<DbHandle & { drop(): Promise<void> }> {
  if (kind === "pglite") {
    const h = await openDb({ CONSOLE_DATA_DIR: "memory://" });
    await migrate(h);
    return { ...h, drop: () => h.close() };
  }
  const name = `aic_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const h = await openDb({ DATABASE_URL: url.toString() });
  await migrate(h);
  return {
    ...h,
    drop: async () => {
      await h.close();
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export const BACKENDS = ["pglite", ...((await postgresReachable()) ? ["postgres" as const] : [])] as const;
