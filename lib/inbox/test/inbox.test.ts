// The inbox (issue 29): each notice is written once per (user, kind, subject), each user reads
// only their own, and marking read touches only the caller's notifications. On both backends.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/lib/db/client";
import { BACKENDS, freshDb } from "@/test/support/db";
import { markRead } from "../mark-read";
import { notifyUsers, usersWithRoles } from "../notify";
import { readInbox, unreadCount } from "../read";

describe.each(BACKENDS)("inbox on %s", (backend) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  const u: Record<"alice" | "bob" | "carol" | "dora", string> = { alice: "", bob: "", carol: "", dora: "" };

  beforeAll(async () => {
    h = await freshDb(backend);
    const roles = { alice: "operator", bob: "operator", carol: "admin", dora: "requester" } as const;
    for (const [name, role] of Object.entries(roles)) {
      const [row] = await queryRows<{ id: string }>(
        h.db,
        sql`INSERT INTO users (email, role) VALUES (${`${name}@inbox.test`}, ${role}) RETURNING id`,
      );
      u[name as keyof typeof u] = row.id;
    }
    await h.db.execute(sql`UPDATE users SET disabled = true WHERE id = ${u.bob}::uuid`);
  });
  afterAll(async () => h?.drop());

  const count = async (userId: string) =>
    Number((await queryRows<{ n: number }>(h.db, sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${userId}::uuid`))[0].n);

  it("usersWithRoles: enabled users of those roles, without the one excepted", async () => {
    expect((await usersWithRoles(h.db, ["operator", "admin"])).sort()).toEqual([u.alice, u.carol].sort());
    expect(await usersWithRoles(h.db, ["operator", "admin"], u.alice)).toEqual([u.carol]);
    expect(await usersWithRoles(h.db, [])).toEqual([]);
  });

  it("notifyUsers writes each (user, kind, subject) once, however often and however concurrently it is called", async () => {
    const notice = {
      kind: "request_waiting" as const,
      subject: "req-1",
      params: { requester: "dora@inbox.test", href: "/requests/req-1" },
    };
    expect(await notifyUsers(h.db, [u.alice, u.carol, u.alice], notice)).toBe(2);
    expect(await notifyUsers(h.db, [u.alice, u.carol], notice)).toBe(0);
    const twice = await Promise.all([notifyUsers(h.db, [u.alice, u.dora], notice), notifyUsers(h.db, [u.alice, u.dora], notice)]);
    expect(twice.sort()).toEqual([0, 1]);
    // Another kind or another subject is another notice.
    expect(await notifyUsers(h.db, [u.alice], { ...notice, kind: "request_approved" })).toBe(1);
    expect(await notifyUsers(h.db, [u.alice], { ...notice, subject: "req-2" })).toBe(1);
    expect(await notifyUsers(h.db, [], notice)).toBe(0);
    expect(await count(u.alice)).toBe(3);
    expect(await count(u.carol)).toBe(1);
    expect(await count(u.dora)).toBe(1);
  });

  it("readInbox returns only the user's own, newest first, with href split from the values", async () => {
    await notifyUsers(h.db, [u.carol], {
      kind: "break_glass",
      subject: "op-1",
      params: { actor: "alice@inbox.test", instance: "aic-1", reason: null, href: "/requests?tab=review" },
    });
    const alice = await readInbox(h.db, u.alice, {});
    const carol = await readInbox(h.db, u.carol, {});
    expect(alice.rows).toHaveLength(3);
    expect(carol.rows.map((r) => r.kind)).toEqual(["break_glass", "request_waiting"]);
    expect(carol.rows[0]).toMatchObject({
      href: "/requests?tab=review",
      values: { actor: "alice@inbox.test", instance: "aic-1" },
      read: false,
    });
    expect(carol.rows[0].values).not.toHaveProperty("reason");
    expect(carol.rows[0].values).not.toHaveProperty("href");
    const ids = new Set(alice.rows.map((r) => r.id));
    expect(carol.rows.some((r) => ids.has(r.id))).toBe(false);
    expect(alice.rows.map((r) => r.id)).toEqual([...alice.rows.map((r) => r.id)].sort((a, b) => b - a));
    expect(alice.unread).toBe(3);
    // A user with none reads an empty inbox.
    expect(await readInbox(h.db, u.bob, {})).toEqual({ rows: [], unread: 0, nextBefore: null });
  });

  it("markRead: another user's ids change nothing; one's own are marked once; `all` marks the rest", async () => {
    const alice = (await readInbox(h.db, u.alice, {})).rows.map((r) => r.id);
    const carol = (await readInbox(h.db, u.carol, {})).rows.map((r) => r.id);
    expect(await markRead(h.db, u.carol, { ids: alice })).toEqual({ marked: 0 });
    expect(await unreadCount(h.db, u.alice)).toBe(3);
    // Mixed: only the caller's own id counts.
    expect(await markRead(h.db, u.alice, { ids: [alice[0], carol[0]] })).toEqual({ marked: 1 });
    expect(await markRead(h.db, u.alice, { ids: [alice[0]] })).toEqual({ marked: 0 });
    expect(await unreadCount(h.db, u.carol)).toBe(2);
    const unreadOnly = await readInbox(h.db, u.alice, { unread: "1" });
    expect(unreadOnly.rows.map((r) => r.id)).toEqual(alice.slice(1));
    expect(await markRead(h.db, u.alice, { all: true })).toEqual({ marked: 2 });
    expect(await unreadCount(h.db, u.alice)).toBe(0);
    expect((await readInbox(h.db, u.alice, {})).rows.every((r) => r.read)).toBe(true);
    // Carol's stay unread.
    expect(await unreadCount(h.db, u.carol)).toBe(2);
    expect(await markRead(h.db, u.alice, { all: true })).toEqual({ marked: 0 });
  });

  it("pages by id: 50 a page, then the rest", async () => {
    for (let i = 0; i < 55; i++)
      await notifyUsers(h.db, [u.dora], { kind: "request_expired", subject: `page-${i}`, params: { href: `/requests/page-${i}` } });
    const first = await readInbox(h.db, u.dora, {});
    expect(first.rows).toHaveLength(50);
    expect(first.nextBefore).toBe(first.rows.at(-1)!.id);
    const second = await readInbox(h.db, u.dora, { before: first.nextBefore! });
    expect(second.rows).toHaveLength(6);
    expect(second.nextBefore).toBeNull();
    expect(first.unread).toBe(56);
  });
});
