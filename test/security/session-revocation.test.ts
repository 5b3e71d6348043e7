import { afterEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/client";
import { createUser, findSessionUser, revokeSession } from "@/lib/auth/users";
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
