// Point 2 of issue 12: a flood of anonymous or denied calls must not grow the undeletable audit
// table one row each. Past 20 a minute per client, refusals are counted and summarised.
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "@/lib/validation/zod";
import type { ActiveUser } from "@/lib/auth/session";

const session = vi.hoisted(() => {
  process.env.CONSOLE_DATA_DIR = "memory://";
  return { user: null as ActiveUser | null, ip: "198.51.100.20" };
});
vi.mock("@/lib/auth/session", () => ({ getActiveUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "flood", "x-forwarded-for": session.ip }) }));

const { createActionFactory } = await import("@/lib/actions/safe-action");
const { RefusalLimiter, REFUSALS_SUMMARISED } = await import("@/lib/abuse/refusal-limiter");
const { sharedRefusalLimiter } = await import("@/lib/abuse/refusals");
const { queryRows, getDb } = await import("@/lib/db/client");
const { BACKENDS, freshDb } = await import("@/test/support/db");

type Db = Awaited<ReturnType<typeof freshDb>>["db"];
interface Row {
  action: string;
  outcome: string;
  error_code: string;
  source_ip: string | null;
  actor_email: string | null;
  params: Record<string, unknown> | null;
  bytes: number;
}
const rows = (db: Db) =>
  queryRows<Row>(
    db,
    sql`SELECT action, outcome, error_code, source_ip, actor_email, params, octet_length(params::text) AS bytes FROM audit_events ORDER BY id`,
  );

const MB = "x".repeat(1_000_000);
const VIEWER: ActiveUser = { id: "00000000-0000-4000-8000-0000000000b1", email: "viewer@flood.test", role: "viewer", name: null };
const OPERATOR: ActiveUser = { id: "00000000-0000-4000-8000-0000000000b2", email: "operator@flood.test", role: "operator", name: null };

/** An action that must never run for the callers here; its input and name mimic the real toggle. */
const spec = {
  name: (i: { action: "open" | "close" }) => `login.${i.action}` as const,
  refusedName: "login.set" as const,
  input: z.strictObject({ instanceId: z.string().regex(/^aic-\w+$/), action: z.enum(["open", "close"]) }),
  audit: "event" as const,
  handler: async (): Promise<never> => {
    throw new Error("the handler ran for a refused call");
  },
};

function harness(db: Db, who: { user: ActiveUser | null; ip: string | null }, limiter: InstanceType<typeof RefusalLimiter>) {
  return createActionFactory({
    resolveUser: async () => who.user,
    requestInfo: async () => ({ ip: who.ip, userAgent: "flood" }),
    db: async () => db,
    refusals: limiter,
  })(spec);
}

describe.each(BACKENDS)("refusal flood (%s)", (backend) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  beforeAll(async () => void (h = await freshDb(backend)));
  afterAll(async () => h?.drop());

  it("50 anonymous 1 MB calls from one address: 20 audited, the other 30 in one summary written when the window ends; every caller refused", async () => {
    let clock = Date.parse("2026-12-01T10:00:00Z");
    const limiter = new RefusalLimiter({ limit: 20, windowMs: 60_000, now: () => clock });
    const who = { user: null, ip: "203.0.113.5" };
    const call = harness(h.db, who, limiter);
    const before = (await rows(h.db)).length;
    for (let i = 0; i < 50; i++) {
      const res = await call({ instanceId: "aic-1", action: "open", junk: MB });
      expect(res).toEqual({ ok: false, error: { code: "Console.Unauthenticated", message: "Your session has ended. Sign in again." } });
    }
    let after = (await rows(h.db)).slice(before);
    expect(after).toHaveLength(20);
    expect(after.every((r) => r.outcome === "denied" && r.error_code === "Console.Unauthenticated" && r.bytes < 2048)).toBe(true);

    // The next refusal after the window writes the pending summary first, then is audited itself.
    clock += 60_000;
    await call({ instanceId: "aic-1", action: "open" });
    await limiter.settled();
    after = (await rows(h.db)).slice(before);
    expect(after).toHaveLength(22);
    const summary = after.find((r) => r.action === REFUSALS_SUMMARISED)!;
    expect(summary).toMatchObject({ outcome: "denied", error_code: "Console.RateLimited", source_ip: "203.0.113.5", actor_email: null });
    expect(summary.params).toEqual({
      suppressed: 30,
      address: "203.0.113.5",
      window: { from: "2026-12-01T10:00:00.000Z", to: "2026-12-01T10:01:00.000Z" },
      byCode: { "Console.Unauthenticated": 30 },
      byAction: { "login.set": 30 },
    });
    const total = after.reduce((n, r) => n + r.bytes, 0);
    console.log(
      `[refusal flood ${backend}] 51 anonymous calls (50 × 1 MB): +${after.length} events, params ${(total / 1024).toFixed(1)} KB in all`,
    );
    expect(total).toBeLessThan(22 * 2048);
  });

  it("writes the summary from a timer when the window ends, with no further call", async () => {
    const limiter = new RefusalLimiter({ limit: 2, windowMs: 200 });
    const call = harness(h.db, { user: null, ip: "203.0.113.6" }, limiter);
    for (let i = 0; i < 7; i++) await call({});
    const summaries = async () => (await rows(h.db)).filter((r) => r.action === REFUSALS_SUMMARISED && r.source_ip === "203.0.113.6");
    expect(await summaries()).toHaveLength(0);
    await vi.waitFor(async () => expect(await summaries()).toHaveLength(1), { timeout: 10_000, interval: 50 });
    expect((await summaries())[0].params).toMatchObject({ suppressed: 5 });
  });

  it("counts IPv6 clients by /64 and IPv4 clients by address", async () => {
    const limiter = new RefusalLimiter({ limit: 3, windowMs: 60_000 });
    const run = async (ip: string) => (await harness(h.db, { user: null, ip }, limiter)({})).ok;
    const before = (await rows(h.db)).length;
    // Four addresses of one /64: one client, so only three are audited.
    for (const ip of ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff:0:0:3", "2001:0db8:0001:0002:abcd:1:2:4"]) await run(ip);
    await run("2001:db8:1:3::1"); // another /64
    await run("203.0.113.7");
    await run("203.0.113.8");
    const audited = (await rows(h.db)).slice(before).map((r) => r.source_ip);
    expect(audited).toEqual([
      "2001:db8:1:2::1",
      "2001:db8:1:2::2",
      "2001:db8:1:2:ffff:0:0:3",
      "2001:db8:1:3::1",
      "203.0.113.7",
      "203.0.113.8",
    ]);
    await limiter.flushAll();
    const summary = (await rows(h.db)).slice(before).find((r) => r.action === REFUSALS_SUMMARISED)!;
    expect(summary.source_ip).toBe("2001:db8:1:2::/64");
    expect(summary.params).toMatchObject({ suppressed: 1, address: "2001:db8:1:2::/64" });
  });

  it("an anonymous flood does not hide a signed-in user's denied call from the same address, and invalid calls by an allowed user are never summarised", async () => {
    const limiter = new RefusalLimiter({ limit: 5, windowMs: 60_000 });
    const ip = "192.0.2.44";
    const before = (await rows(h.db)).length;
    for (let i = 0; i < 30; i++) await harness(h.db, { user: null, ip }, limiter)({});
    const denied = await harness(h.db, { user: VIEWER, ip }, limiter)({ instanceId: "aic-1", action: "open" });
    expect(denied.ok || denied.error.code).toBe("Console.Forbidden");
    for (let i = 0; i < 10; i++) expect((await harness(h.db, { user: OPERATOR, ip }, limiter)({ bad: i })).ok).toBe(false);
    const after = (await rows(h.db)).slice(before);
    expect(after.filter((r) => r.actor_email === VIEWER.email)).toHaveLength(1);
    expect(after.filter((r) => r.actor_email === OPERATOR.email && r.outcome === "rejected")).toHaveLength(10);
    expect(after.filter((r) => r.actor_email === null)).toHaveLength(5);
    await limiter.flushAll();
  });

  it("no input can forge or inflate a summary", async () => {
    const limiter = new RefusalLimiter({ limit: 1, windowMs: 60_000 });
    const ip = "192.0.2.55";
    const before = (await rows(h.db)).length;
    const forged = {
      action: REFUSALS_SUMMARISED,
      suppressed: 999_999,
      params: { suppressed: 999_999 },
      address: "10.0.0.1",
      byCode: { "Console.Forbidden": 1e9 },
      marker: "FORGED-7f3a",
    };
    for (let i = 0; i < 4; i++) await harness(h.db, { user: null, ip }, limiter)(forged);
    // A signed-in user whose input tries to name the refusal after the summary action.
    for (let i = 0; i < 3; i++) await harness(h.db, { user: VIEWER, ip }, limiter)({ action: "refusals_summarised", instanceId: "aic-1" });
    const operatorRes = await harness(h.db, { user: OPERATOR, ip }, limiter)({ ...forged, instanceId: "aic-1" });
    expect(operatorRes.ok).toBe(false);
    await limiter.flushAll();
    const after = (await rows(h.db)).slice(before);
    const summaries = after.filter((r) => r.action === REFUSALS_SUMMARISED);
    // Two buckets (anonymous, the viewer) flushed at once: their order in the chain is whichever wrote first.
    expect(
      summaries
        .map((s) => [s.actor_email, (s.params as { suppressed: number }).suppressed, s.source_ip])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      [null, 3, ip],
      [VIEWER.email, 2, ip],
    ]);
    expect(after.filter((r) => r.action !== REFUSALS_SUMMARISED).every((r) => r.action === "login.set")).toBe(true);
    const text = await queryRows<{ t: string }>(
      h.db,
      sql`SELECT coalesce(params::text, '') || coalesce(error_message, '') AS t FROM audit_events`,
    );
    expect(text.some((r) => r.t.includes("FORGED-7f3a") || r.t.includes("999999") || r.t.includes("10.0.0.1"))).toBe(false);
  });
});

describe("read routes", () => {
  it("200 anonymous GETs of /api/fleet from one address: all 401 with no data, 20 audited, the rest in one summary", async () => {
    const { GET } = await import("@/app/api/fleet/route");
    const db = await getDb();
    const count = async () => (await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM audit_events`))[0].n;
    session.user = null;
    session.ip = "203.0.113.99";
    const before = await count();
    for (let i = 0; i < 200; i++) {
      const res = await GET(new NextRequest("http://127.0.0.1/api/fleet"), undefined as never);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        ok: false,
        error: { code: "Console.Unauthenticated", message: "Your session has ended. Sign in again." },
      });
    }
    expect((await count()) - before).toBe(20);
    await sharedRefusalLimiter().flushAll();
    expect((await count()) - before).toBe(21);
    const [summary] = await queryRows<Row>(db, sql`SELECT action, params, source_ip FROM audit_events ORDER BY id DESC LIMIT 1`);
    expect(summary).toMatchObject({
      action: REFUSALS_SUMMARISED,
      source_ip: "203.0.113.99",
      params: { suppressed: 180, byAction: { "fleet.read": 180 } },
    });
  });
});
