import { config, type Env } from "../config";
import { openDb, type DbHandle } from "./client";
import { migrate } from "./migrate";

/**
 * Runs the migrations as the database's owner when DATABASE_MIGRATION_URL is set (PostgreSQL):
 * the console's own role (DATABASE_URL) may only read and append the audit tables, so it cannot
 * create or alter tables. Without it, the console's connection migrates, as before.
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
