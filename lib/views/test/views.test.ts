// Saved views (issue 31) through the server actions with a mocked session, on both backends:
// save (the query kept as the instance list reads it), the views each user sees, rename and
// delete by the owner, others refused unless an admin and the view shared, a name used twice.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ActiveUser } from "@/lib/auth/session";

const session = vi.hoisted(() => {
  process.env.CONSOLE_DATA_DIR = "memory://";
  return { user: null as ActiveUser | null };
});
vi.mock("@/lib/auth/session", () => ({ getActiveUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "views-test", "x-forwarded-for": "127.0.0.31" }),
}));

Object.assign(process.env, {
  ENS_ENDPOINT: "127.0.0.1:9",
  ENS_PROTOCOL: "HTTP",
  ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI5tEmulatorDemoKey01",
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: "emulator-demo-secret-0123456789abcdef",
  AUTH_SECRET: "views-test-secret",
});

const { closeDb, getDbHandle, queryRows } = await import("@/lib/db/client");
const { verifyChain } = await import("@/lib/audit/verify");
const { BACKENDS, createPgDatabase } = await import("@/test/support/db");
const actions = await import("@/lib/actions/views");
const { getSavedView, listVisibleViews } = await import("../read");

type Handle = Awaited<ReturnType<typeof getDbHandle>>;
type Result = { ok: true; data: any } | { ok: false; error: { code: string; message: string; fieldErrors?: Record<string, string> } };

const users: Record<"alice" | "bob" | "viewer" | "admin", ActiveUser> = {} as never;
const as = (who: keyof typeof users) => void (session.user = users[who]);
let handle: Handle;

const save = async (who: keyof typeof users, name: string, query: string, shared = false) => {
  as(who);
  return (await actions.saveView({ name, query, shared })) as Result;
};
const saved = async (who: keyof typeof users, name: string, query: string, shared = false) => {
  const r = await save(who, name, query, shared);
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  return (r as { data: { viewId: string } }).data.viewId;
};
const lastAudit = async (action: string) =>
  (
    await queryRows<{
      outcome: string;
      error_code: string | null;
      actor_email: string;
      target_type: string;
      target_id: string;
      params: any;
    }>(
      handle.db,
      sql`SELECT outcome, error_code, actor_email, target_type, target_id, params FROM audit_events WHERE action = ${action} ORDER BY id DESC LIMIT 1`,
    )
  )[0];

describe.each(BACKENDS)("saved views on %s", (backend) => {
  let pg: Awaited<ReturnType<typeof createPgDatabase>> | null = null;

  beforeAll(async () => {
    await closeDb();
    if (backend === "postgres") {
      pg = await createPgDatabase("aic_views");
      process.env.DATABASE_URL = pg.url;
    } else delete process.env.DATABASE_URL;
    handle = await getDbHandle();
    const roles = { alice: "operator", bob: "requester", viewer: "viewer", admin: "admin" } as const;
    for (const [name, role] of Object.entries(roles)) {
      const email = `${name}@views.test`;
      const [row] = await queryRows<{ id: string }>(
        handle.db,
        sql`INSERT INTO users (email, role) VALUES (${email}, ${role}) RETURNING id`,
      );
      users[name as keyof typeof users] = { id: row.id, email, role, name: null };
    }
  });
  afterAll(async () => {
    expect((await verifyChain(handle.db)).intact).toBe(true);
    await closeDb();
    delete process.env.DATABASE_URL;
    await pg?.drop();
  });
  beforeEach(async () => {
    await handle.db.execute(sql`DELETE FROM saved_views`);
    session.user = null;
  });

  it("saves the list's parameters as /instances reads them, audited view.save with the view as target", async () => {
    const id = await saved("alice", "Open on node A", "?sort=name&login=open&node=cn-a&bogus=1&q=phone");
    expect(await getSavedView(handle.db, id)).toEqual({
      id,
      name: "Open on node A",
      ownerId: users.alice.id,
      shared: false,
      query: "q=phone&node=cn-a&login=open&sort=name",
    });
    expect(await lastAudit("view.save")).toMatchObject({
      outcome: "success",
      actor_email: users.alice.email,
      target_type: "view",
      target_id: id,
      params: { name: "Open on node A", query: "q=phone&node=cn-a&login=open&sort=name", shared: false },
    });
    expect(await getSavedView(handle.db, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await getSavedView(handle.db, "not-a-uuid")).toBeNull();
  });

  it("each user sees their own views and everyone's shared ones, never another's private one", async () => {
    const mine = await saved("alice", "Mine", "login=open");
    const shared = await saved("alice", "Team", "state=Running", true);
    const bobs = await saved("bob", "Bob's", "sort=node");
    const ids = async (who: keyof typeof users) => (await listVisibleViews(handle.db, users[who])).map((v) => v.id).sort();
    expect(await ids("alice")).toEqual([mine, shared].sort());
    expect(await ids("bob")).toEqual([bobs, shared].sort());
    expect(await ids("viewer")).toEqual([shared]);
    expect(await ids("admin")).toEqual([shared]);
    const forViewer = (await listVisibleViews(handle.db, users.viewer))[0];
    expect(forViewer).toMatchObject({
      name: "Team",
      ownerEmail: users.alice.email,
      mine: false,
      manageable: false,
      query: "state=Running",
    });
    expect((await listVisibleViews(handle.db, users.admin))[0]).toMatchObject({ mine: false, manageable: true });
  });

  it("a viewer saves a view too (views.manage is every role's)", async () => {
    await saved("viewer", "Viewer's", "login=closed");
  });

  it("the owner renames their view (audited with the previous name) and deletes it", async () => {
    const id = await saved("bob", "Before", "login=open");
    as("bob");
    expect(await actions.renameView({ viewId: id, name: "After" })).toMatchObject({ ok: true, data: { name: "After" } });
    expect((await getSavedView(handle.db, id))?.name).toBe("After");
    expect(await lastAudit("view.rename")).toMatchObject({ outcome: "success", target_id: id });
    expect(await actions.deleteView({ viewId: id })).toMatchObject({ ok: true });
    expect(await getSavedView(handle.db, id)).toBeNull();
    expect(await lastAudit("view.delete")).toMatchObject({ outcome: "success", target_type: "view", target_id: id });
  });

  it("others may not rename or delete a view: another's private one is not found, a shared one forbidden, unless admin", async () => {
    const priv = await saved("alice", "Private", "login=open");
    const shared = await saved("alice", "Shared", "login=closed", true);
    for (const who of ["bob", "viewer"] as const) {
      as(who);
      expect(await actions.renameView({ viewId: priv, name: "Taken" })).toMatchObject({ ok: false, error: { code: "Console.NotFound" } });
      expect(await actions.deleteView({ viewId: priv })).toMatchObject({ ok: false, error: { code: "Console.NotFound" } });
      expect(await actions.renameView({ viewId: shared, name: "Taken" })).toMatchObject({
        ok: false,
        error: { code: "Console.Forbidden" },
      });
      expect(await actions.deleteView({ viewId: shared })).toMatchObject({ ok: false, error: { code: "Console.Forbidden" } });
    }
    expect(await lastAudit("view.delete")).toMatchObject({
      outcome: "failure",
      error_code: "Console.Forbidden",
      actor_email: users.viewer.email,
    });
    // An admin manages shared views of others, but not their private ones.
    as("admin");
    expect(await actions.renameView({ viewId: priv, name: "Taken" })).toMatchObject({ ok: false, error: { code: "Console.NotFound" } });
    expect(await actions.deleteView({ viewId: priv })).toMatchObject({ ok: false, error: { code: "Console.NotFound" } });
    expect(await actions.renameView({ viewId: shared, name: "Renamed by admin" })).toMatchObject({ ok: true });
    expect(await getSavedView(handle.db, shared)).toMatchObject({ name: "Renamed by admin", ownerId: users.alice.id, shared: true });
    expect(await actions.deleteView({ viewId: shared })).toMatchObject({ ok: true });
    expect(await getSavedView(handle.db, shared)).toBeNull();
    expect(await getSavedView(handle.db, priv)).toMatchObject({ name: "Private" });
  });

  it("a name the owner already uses is refused (Console.Conflict), saved or renamed; another user may use it", async () => {
    const first = await saved("alice", "Same", "login=open");
    const other = await saved("alice", "Other", "login=closed");
    expect(await save("alice", "Same", "sort=name")).toMatchObject({ ok: false, error: { code: "Console.Conflict" } });
    expect(await save("alice", "  Same  ", "sort=name")).toMatchObject({ ok: false, error: { code: "Console.Conflict" } });
    as("alice");
    expect(await actions.renameView({ viewId: other, name: "Same" })).toMatchObject({ ok: false, error: { code: "Console.Conflict" } });
    expect((await getSavedView(handle.db, other))?.name).toBe("Other");
    await saved("bob", "Same", "sort=name");
    expect((await getSavedView(handle.db, first))?.query).toBe("login=open");
  });

  it("refuses a blank or over-long name and a query of more than 2000 characters (Console.InvalidInput)", async () => {
    expect(await save("alice", "   ", "login=open")).toMatchObject({ ok: false, error: { code: "Console.InvalidInput" } });
    expect(await save("alice", "n".repeat(81), "login=open")).toMatchObject({ ok: false, error: { code: "Console.InvalidInput" } });
    expect(await save("alice", "Long", `q=${"x".repeat(1999)}`)).toMatchObject({ ok: false, error: { code: "Console.InvalidInput" } });
    expect(await save("alice", "Bidi", "q=a\u202Eb")).toMatchObject({ ok: false, error: { code: "Console.InvalidInput" } });
    expect(Number((await queryRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM saved_views`))[0].n)).toBe(0);
  });
});
