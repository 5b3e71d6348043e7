import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "./db/client";

/** Whether the database answers a trivial query: what the public health check reports. */
export async function databaseReachable(): Promise<boolean> {
  try {
    await (await getDb()).execute(sql`SELECT 1`);
    return true;
  } catch {
    return false;
  }
}
