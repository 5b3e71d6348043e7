import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createActionFactory } from "@/lib/actions/safe-action";
import { verifyChain } from "@/lib/audit/verify";
import type { ActiveUser } from "@/lib/auth/session";
import { createUser, findUserByEmail } from "@/lib/auth/users";
import { openDb, queryRows } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import type { UserRow } from "@/lib/db/schema";
import { createBootstrapAdmin } from "@/lib/users/bootstrap-admin";
import { createUserSpec, setUserDisabledSpec, setUserRoleSpec } from "@/lib/users/actions";
import { setUserRole } from "@/lib/users/set-user-role";
import { BACKENDS, createPgDatabase, freshDb } from "@/test/support/db";
import { failAuditWrites } from "@/test/support/failing-audit";

describe.each(BACKENDS)("user changes and their audit on %s", (kind) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  let a: UserRow;
  let b: UserRow;
  beforeEach(async () => {
    h = await freshDb(kind);
    a = await createUser(h.db, { email: "a@admins.test", role: "admin", password: "admin-password-a" });
    b = await createUser(h.db, { email: "b@admins.test", role: "admin", password: "admin-password-b" });
  });
  afterEach(async () => h.drop());

  const as = (u: UserRow) => {
    const user: ActiveUser = { id: u.id, email: u.email, role: u.role, name: null };
    return createActionFactory({
      resolveUser: async () => user,
      requestInfo: async () => ({ ip: "198.51.100.9", userAgent: "vitest" }),
      db: async () => h.db,
    });
  };
  const events = (action: string) =>
    queryRows<{ phase: string; outcome: string | null; error_code: string | null }>(
      h.db,
      sql`SELECT phase, outcome, error_code FROM audit_events WHERE action = ${action} ORDER BY id`,
    );

  it("a console change whose audit write fails is not made", async () => {
    await failAuditWrites(h, "user.set_role");
    await expect(as(a)(setUserRoleSpec)({ email: "b@admins.test", role: "viewer" })).rejects.toThrow();
    expect(await findUserByEmail(h.db, "b@admins.test")).toMatchObject({ role: "admin" });
    await failAuditWrites(h, "user.create");
    await expect(as(a)(createUserSpec)({ email: "new@admins.test", role: "viewer" })).rejects.toThrow();
    expect(await findUserByEmail(h.db, "new@admins.test")).toBeUndefined();
    await failAuditWrites(h, "user.disable");
    await expect(as(a)(setUserDisabledSpec)({ email: "b@admins.test", disabled: true })).rejects.toThrow();
    expect(await findUserByEmail(h.db, "b@admins.test")).toMatchObject({ disabled: false });
  });

  it("a console change is requested before and completed after; the generated password is not logged", async () => {
    const r = await as(a)(createUserSpec)({ email: "new@admins.test", role: "viewer" });
    expect(r.ok).toBe(true);
    expect((await events("user.create")).map((e) => [e.phase, e.outcome])).toEqual([
      ["requested", null],
      ["completed", "success"],
    ]);
    const all = await queryRows<Record<string, unknown>>(h.db, sql`SELECT * FROM audit_events`);
    expect(JSON.stringify(all)).not.toContain(r.ok ? r.data.password : "none");
  });

  it("no change by anyone leaves the console without an enabled admin", async () => {
    expect((await as(a)(setUserRoleSpec)({ email: "b@admins.test", role: "operator" })).ok).toBe(true);
    // b, no longer an admin in the database but still holding a session that says so, demotes a.
    const r = await as(b)(setUserRoleSpec)({ email: "a@admins.test", role: "viewer" });
    expect(r).toMatchObject({ ok: false, error: { code: "Console.LastAdmin" } });
    const d = await as(b)(setUserDisabledSpec)({ email: "a@admins.test", disabled: true });
    expect(d).toMatchObject({ ok: false, error: { code: "Console.LastAdmin" } });
    expect(await findUserByEmail(h.db, "a@admins.test")).toMatchObject({ role: "admin", disabled: false });
    expect((await events("user.set_role")).at(-1)).toMatchObject({ outcome: "failure", error_code: "Console.LastAdmin" });
  });

  it("two concurrent demotions of the last two admins: one is refused", async () => {
    // On PostgreSQL, from two handles as two replicas would; PGlite has one connection.
    const pg = kind === "postgres" ? await createPgDatabase() : null;
    const one = pg ? await openDb({ DATABASE_URL: pg.url }) : h;
    const two = pg ? await openDb({ DATABASE_URL: pg.url }) : h;
    try {
      if (pg) {
        await migrate(one);
        a = await createUser(one.db, { email: "a@admins.test", role: "admin", password: "admin-password-a" });
        b = await createUser(one.db, { email: "b@admins.test", role: "admin", password: "admin-password-b" });
      }
      const results = await Promise.allSettled([
        setUserRole(one.db, { email: b.email, role: "viewer" }, a.id),
        setUserRole(two.db, { email: a.email, role: "viewer" }, b.id),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "Console.LastAdmin" } });
      const [{ n }] = await queryRows<{ n: number }>(
        one.db,
        sql`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT disabled`,
      );
      expect(Number(n)).toBe(1);
    } finally {
      if (pg) {
        await one.close();
        await two.close();
        await pg.drop();
      }
    }
  });

  it("the bootstrap admin is not created when its audit event cannot be written", async () => {
    const empty = await freshDb(kind);
    try {
      await failAuditWrites(empty, "user.create");
      await expect(
        createBootstrapAdmin(empty.db, {
          CONSOLE_BOOTSTRAP_ADMIN_EMAIL: "first@example.test",
          CONSOLE_BOOTSTRAP_ADMIN_PASSWORD: "bootstrap-password-1",
        }),
      ).rejects.toThrow();
      expect(await findUserByEmail(empty.db, "first@example.test")).toBeUndefined();
      expect(await verifyChain(empty.db)).toMatchObject({ intact: true });
    } finally {
      await empty.drop();
    }
  });
});
