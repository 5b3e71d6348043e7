import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createActionFactory } from "@/lib/actions/safe-action";
import { verifyChain } from "@/lib/audit/verify";
import { verifyPassword } from "@/lib/auth/password";
import type { ActiveUser } from "@/lib/auth/session";
import { createUser, findSessionUser, findUserByEmail } from "@/lib/auth/users";
import { queryRows } from "@/lib/db/client";
import type { UserRow } from "@/lib/db/schema";
import { LIVE_CHANNEL, SESSIONS_ENDED_MESSAGE } from "@/lib/live/sessions-ended";
import { resetPasswordSpec } from "@/lib/users/actions";
import { BACKENDS, freshDb } from "@/test/support/db";
import { failAuditWrites } from "@/test/support/failing-audit";

describe.each(BACKENDS)("an admin resets a user's password (%s)", (kind) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  let admin: UserRow;
  let operator: UserRow;
  const OLD = "operator-password-1";
  beforeEach(async () => {
    h = await freshDb(kind);
    admin = await createUser(h.db, { email: "admin@reset.test", role: "admin", password: "admin-password-1" });
    operator = await createUser(h.db, { email: "ops@reset.test", role: "operator", password: OLD });
  });
  afterEach(async () => h.drop());

  const as = (u: UserRow) => {
    const user: ActiveUser = { id: u.id, email: u.email, role: u.role, name: null };
    return createActionFactory({
      resolveUser: async () => user,
      requestInfo: async () => ({ ip: "198.51.100.9", userAgent: "vitest" }),
      db: async () => h.db,
    })(resetPasswordSpec);
  };
  const events = () =>
    queryRows<{ phase: string; outcome: string | null; error_code: string | null; target_id: string; params: unknown }>(
      h.db,
      sql`SELECT phase, outcome, error_code, target_id, params FROM audit_events WHERE action = 'user.set_password' ORDER BY id`,
    );

  it("stores a new one-time password, ends the user's sessions and audits it without the password", async () => {
    const heard: string[] = [];
    const stop = await h.listen(LIVE_CHANNEL, (p) => heard.push(p));
    const signedInAt = Date.now() - 1000;
    expect(await findSessionUser(h.db, operator.id, signedInAt)).toBeDefined();

    const r = await as(admin)({ email: "OPS@reset.test" });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.data.email).toBe("ops@reset.test");
    expect(r.data.password.length).toBeGreaterThanOrEqual(20);

    const after = await findUserByEmail(h.db, "ops@reset.test");
    expect(after?.passwordHash).not.toBe(operator.passwordHash);
    expect(await verifyPassword(r.data.password, after?.passwordHash)).toBe(true);
    expect(await verifyPassword(OLD, after?.passwordHash)).toBe(false);
    // The session signed in before the reset is refused; the live streams were told to check theirs.
    expect(after?.sessionsValidAfter?.getTime()).toBeGreaterThan(signedInAt);
    expect(await findSessionUser(h.db, operator.id, signedInAt)).toBeUndefined();
    for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((res) => setTimeout(res, 20));
    expect(heard).toEqual([SESSIONS_ENDED_MESSAGE]);
    await stop();

    expect(await events()).toEqual([
      { phase: "requested", outcome: null, error_code: null, target_id: "ops@reset.test", params: { email: "ops@reset.test" } },
      { phase: "completed", outcome: "success", error_code: null, target_id: "ops@reset.test", params: null },
    ]);
    const all = await queryRows<Record<string, unknown>>(h.db, sql`SELECT * FROM audit_events`);
    expect(JSON.stringify(all)).not.toContain(r.data.password);
    expect(await verifyChain(h.db)).toMatchObject({ intact: true });
  });

  it("refuses an admin's own password (it would end their session), an unknown user, and a role that may not", async () => {
    expect(await as(admin)({ email: "admin@reset.test" })).toMatchObject({ ok: false, error: { code: "Console.InvalidInput" } });
    expect(await as(admin)({ email: "nobody@reset.test" })).toMatchObject({ ok: false, error: { code: "Console.NotFound" } });
    expect(await as(operator)({ email: "admin@reset.test" })).toMatchObject({ ok: false, error: { code: "Console.Forbidden" } });
    expect(await findUserByEmail(h.db, "admin@reset.test")).toMatchObject({ passwordHash: admin.passwordHash, sessionsValidAfter: null });
    expect((await events()).filter((e) => e.phase === "completed").map((e) => [e.outcome, e.error_code])).toEqual([
      ["failure", "Console.InvalidInput"],
      ["failure", "Console.NotFound"],
      ["denied", "Console.Forbidden"],
    ]);
  });

  it("changes nothing when its audit event cannot be written", async () => {
    await failAuditWrites(h, "user.set_password");
    await expect(as(admin)({ email: "ops@reset.test" })).rejects.toThrow();
    expect(await findUserByEmail(h.db, "ops@reset.test")).toMatchObject({ passwordHash: operator.passwordHash, sessionsValidAfter: null });
  });
});
