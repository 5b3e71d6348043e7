// Kept for its importers; the function lives beside openDb, which it needs (see client.ts).
export { migrateAsOwner } from "./client";
