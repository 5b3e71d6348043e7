import { afterEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/client";
import { createUser, findSessionUser, revokeSession, updateUser } from "@/lib/auth/users";
import { signOutSession } from "@/lib/auth/sign-out";
import { auditEvents } from "@/lib/db/schema";
import { freshDb } from "@/test/support/db";

const HOUR = 3_600_000;
let handle: Awaited<ReturnType<typeof freshDb>> | undefined;
afterEach(async () => {
  await handle?.drop();
  handle = undefined;
});

describe("sign-out revokes the session on the server", () => {
  it("refuses every token of a signed-out session, and only that session", async () => {
    handle = await freshDb("pglite");
    const db = handle.db;
    const user = await createUser(db, { email: "op@revoke.test", role: "operator", password: "a-long-password-1" });
    const t1 = Date.now() - HOUR;
    const t2 = Date.now();
    expect((await findSessionUser(db, user.id, t1))?.email).toBe("op@revoke.test");
    await revokeSession(db, user.id, t1, 12 * HOUR);
    await revokeSession(db, user.id, t1, 12 * HOUR); // a second sign-out of the same session is harmless
    expect(await findSessionUser(db, user.id, t1)).toBeUndefined();
    expect((await findSessionUser(db, user.id, t2))?.email).toBe("op@revoke.test");
    expect(await findSessionUser(db, user.id, Number.NaN)).toBeUndefined();
  });

  it("forgets revocations once those sessions would have expired anyway", async () => {
    handle = await freshDb("pglite");
    const db = handle.db;
    const user = await createUser(db, { email: "old@revoke.test", role: "viewer", password: "a-long-password-2" });
    await revokeSession(db, user.id, Date.now() - 13 * HOUR, 12 * HOUR);
    await revokeSession(db, user.id, Date.now(), 12 * HOUR);
    const rows = await queryRows<{ n: string }>(db, sql`SELECT count(*) AS n FROM revoked_sessions`);
    expect(Number(rows[0].n)).toBe(1);
  });
});

describe("a password reset or a disable ends the user's sessions", () => {
  it("refuses sessions signed in before the reset, and before a disable even once re-enabled", async () => {
    handle = await freshDb("pglite");
    const db = handle.db;
    const user = await createUser(db, { email: "reset@revoke.test", role: "operator", password: "a-long-password-3" });
    const before = Date.now() - 1000;
    await updateUser(db, "reset@revoke.test", { password: "a-new-password-33" });
    expect(await findSessionUser(db, user.id, before)).toBeUndefined();
    const after = Date.now() + 1;
    expect((await findSessionUser(db, user.id, after))?.email).toBe("reset@revoke.test");
    await updateUser(db, "reset@revoke.test", { disabled: true });
    await updateUser(db, "reset@revoke.test", { disabled: false });
    expect(await findSessionUser(db, user.id, after)).toBeUndefined();
    expect((await findSessionUser(db, user.id, Date.now() + 1))?.email).toBe("reset@revoke.test");
  });
});

describe("sign-out is audited", () => {
  it("records auth.sign_out with the user, address and user agent, with the revocation", async () => {
    handle = await freshDb("pglite");
    const db = handle.db;
    const user = await createUser(db, { email: "out@revoke.test", role: "viewer", password: "a-long-password-4" });
    const loginAt = Date.now() - 60_000;
    await signOutSession(db, { uid: user.id, loginAt, ip: "198.51.100.23", userAgent: "Firefox/140" }, 12 * HOUR);
    expect(await findSessionUser(db, user.id, loginAt)).toBeUndefined();
    const [ev] = await db.select().from(auditEvents);
    expect(ev).toMatchObject({
      action: "auth.sign_out",
      actorId: user.id,
      actorEmail: "out@revoke.test",
      actorRole: "viewer",
      targetId: "out@revoke.test",
      sourceIp: "198.51.100.23",
      userAgent: "Firefox/140",
      phase: "completed",
      outcome: "success",
    });
  });
});
