import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvent } from "@/lib/audit/append";
import { takeCheckpoint } from "@/lib/audit/checkpoint";
import { verifyChain } from "@/lib/audit/verify";
import { openDb, queryRows, type DbHandle } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { migrateAsOwner } from "@/lib/db/migrate-as-owner";
import { createPgDatabase, postgresReachable } from "@/test/support/db";
import { testSigningKey } from "./signing-key";

// The console's PostgreSQL role (scripts/pg-roles.sql): it reads and appends the audit tables,
// and whatever it sends to change them is refused by PostgreSQL's permissions, not by our code.
describe.runIf(await postgresReachable())("the console's database role on postgres", () => {
  let database: Awaited<ReturnType<typeof createPgDatabase>>;
  let app: DbHandle;
  const key = testSigningKey();
  beforeAll(async () => {
    database = await createPgDatabase("aic_role");
    app = await openDb({ DATABASE_URL: database.consoleUrl });
    // The console's own connection cannot migrate; DATABASE_MIGRATION_URL runs them as the owner.
    await expect(migrate(app)).rejects.toThrow(/permission denied/);
    expect(await migrateAsOwner(app, { DATABASE_MIGRATION_URL: database.url })).toContain("0007_audit_checkpoints.sql");
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    key.cleanup();
  });

  it("appends events and checkpoints, reads and verifies them", async () => {
    const [who] = await queryRows<{ u: string }>(app.db, sql`SELECT current_user AS u`);
    expect(who.u).toBe("aic_console");
    for (let i = 0; i < 3; i++)
      await appendEvent(app.db, { operationId: randomUUID(), action: "key.delete", phase: "completed", outcome: "success" });
    expect(await takeCheckpoint(app.db, key)).toMatchObject({ count: 3 });
    expect(await verifyChain(app.db, { publicKey: key.publicKey })).toMatchObject({
      intact: true,
      count: 3,
      anchor: { status: "anchored" },
    });
    // Ordinary tables keep ordinary rights.
    await app.exec(
      "INSERT INTO users (email, role, password_hash) VALUES ('role@x.test', 'viewer', 'x'); UPDATE users SET role = 'operator' WHERE email = 'role@x.test'; DELETE FROM users WHERE email = 'role@x.test'",
    );
  });

  it.each([
    "UPDATE audit_events SET action = 'x'",
    "DELETE FROM audit_events",
    "TRUNCATE audit_events",
    "ALTER TABLE audit_events DISABLE TRIGGER USER",
    "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update",
    "DROP TRIGGER audit_events_no_update ON audit_events",
    "UPDATE audit_checkpoints SET event_count = 0",
    "DELETE FROM audit_checkpoints",
    "TRUNCATE audit_checkpoints",
    "ALTER TABLE audit_checkpoints DISABLE TRIGGER USER",
    "DROP TABLE audit_checkpoints",
    "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$ BEGIN RETURN OLD; END; $$ LANGUAGE plpgsql",
  ])("refuses %s (permission denied / must be owner)", async (stmt) => {
    await expect(app.exec(stmt)).rejects.toThrow(/permission denied|must be owner/);
  });
});
