import "server-only";
export { getDb, getDbHandle, closeDb } from "./client";
export type { Db, DbHandle } from "./client";
export * from "./schema";
