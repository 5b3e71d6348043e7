import { describe, expect, it } from "vitest";
import { auditEvents } from "@/lib/db/schema";
import { countUsers } from "@/lib/auth/users";
import { createBootstrapAdmin } from "@/lib/users/bootstrap-admin";
import { BACKENDS, freshDb } from "@/test/support/db";

const env = { CONSOLE_BOOTSTRAP_ADMIN_EMAIL: "First@Example.test", CONSOLE_BOOTSTRAP_ADMIN_PASSWORD: "bootstrap-password-1" };

describe.each(BACKENDS)("bootstrap admin on %s", (kind) => {
  it("is created once, on an empty database, and audited without its password", async () => {
    const h = await freshDb(kind);
    try {
      expect(await createBootstrapAdmin(h.db, env)).toBe(true);
      expect(await createBootstrapAdmin(h.db, { ...env, CONSOLE_BOOTSTRAP_ADMIN_EMAIL: "second@example.test" })).toBe(false);
      expect(await countUsers(h.db)).toBe(1);
      const events = await h.db.select().from(auditEvents);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        action: "user.create",
        targetId: "first@example.test",
        outcome: "success",
        actorRole: "system",
        actorEmail: "system:bootstrap",
        params: { role: "admin", bootstrap: true },
      });
      expect(JSON.stringify(events)).not.toContain(env.CONSOLE_BOOTSTRAP_ADMIN_PASSWORD);
    } finally {
      await h.drop();
    }
  });
});
