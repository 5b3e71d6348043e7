import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvent, beginOperation, completionOf } from "@/lib/audit/append";
import { sql } from "drizzle-orm";
import { seed } from "@/bench/history";
import { decodeCursor, encodeCursor, getOperation, listOperations, type OperationRow } from "@/lib/audit/query";
import { queryRows } from "@/lib/db/client";
import { historyFilterSchema, type HistoryFilter } from "@/lib/audit/filter";
import { BACKENDS, freshDb } from "@/test/support/db";
import type { Db } from "@/lib/db/client";

const alice = { id: "u1", email: "alice@example.com", role: "operator" };
const bob = { id: "u2", email: "bob@example.com", role: "admin" };
const f = (raw: Record<string, string> = {}): HistoryFilter => historyFilterSchema.parse(raw);

async function op(
  db: Db,
  i: number,
  opts: { actor?: typeof alice; outcome?: "success" | "failure"; complete?: boolean; two?: boolean } = {},
) {
  const actor = opts.actor ?? alice;
  const target = { type: "instance", id: `aic-${i}` };
  if (opts.two === false) {
    return appendEvent(db, {
      operationId: randomUUID(),
      actor,
      action: "auth.sign_in",
      target: { type: "user", id: actor.email },
      phase: "completed",
      outcome: opts.outcome ?? "failure",
      errorCode: "Console.InvalidCredentials",
    });
  }
  const begun = await beginOperation(db, {
    operationId: randomUUID(),
    actor,
    action: "login.open",
    target,
    params: { i },
    phase: "requested",
    sourceIp: "10.0.0.1",
  });
  if (!begun.ok) throw new Error("in flight");
  if (opts.complete === false) return begun.event;
  const failed = opts.outcome === "failure";
  await appendEvent(
    db,
    completionOf(begun.event, {
      outcome: opts.outcome ?? "success",
      ensRequestId: `REQ-${i}`,
      durationMs: 12,
      errorCode: failed ? "Throttling.User" : null,
    }),
  );
  return begun.event;
}

async function walk(
  db: Db,
  filter: HistoryFilter,
  limit: number,
  between?: (page: number) => Promise<void>,
  budget: { budgetMs?: number; windowEvents?: number } = {},
): Promise<OperationRow[]> {
  const seen: OperationRow[] = [];
  let before = null;
  for (let n = 0; n < 1000; n++) {
    const page = await listOperations(db, filter, { limit, before, ...budget });
    seen.push(...page.rows);
    if (!page.older) break;
    before = decodeCursor(encodeCursor(page.older));
    await between?.(n);
  }
  return seen;
}

/** Runs `run` counting the statements `db` is sent (a transaction counts as one). */
async function statementsOf<T>(db: Db, run: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const d = db as unknown as Record<"execute" | "transaction", (...a: unknown[]) => unknown>;
  const own = { execute: Object.getOwnPropertyDescriptor(d, "execute"), transaction: Object.getOwnPropertyDescriptor(d, "transaction") };
  const { execute, transaction } = d;
  let statements = 0;
  d.execute = (...a) => (statements++, execute.apply(db, a));
  d.transaction = (...a) => (statements++, transaction.apply(db, a));
  try {
    return { result: await run(), statements };
  } finally {
    for (const k of ["execute", "transaction"] as const) {
      if (own[k]) Object.defineProperty(d, k, own[k]);
      else delete d[k];
    }
  }
}

describe.each(BACKENDS)("history query on %s", (kind) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  beforeAll(async () => {
    h = await freshDb(kind);
    for (let i = 0; i < 30; i++)
      await op(h.db, i, { actor: i % 3 === 0 ? bob : alice, outcome: i % 5 === 0 ? "failure" : "success", two: i % 7 !== 0 });
    await op(h.db, 100, { complete: false });
  });
  afterAll(async () => h?.drop());

  it("joins both events into one row, newest first", async () => {
    const { rows } = await listOperations(h.db, f(), { limit: 100 });
    expect(rows).toHaveLength(31);
    expect(rows[0]).toMatchObject({ targetId: "aic-100", outcome: "pending", completed: null });
    const done = rows.find((r) => r.targetId === "aic-1")!;
    expect(done).toMatchObject({
      action: "login.open",
      outcome: "success",
      ensRequestId: "REQ-1",
      durationMs: 12,
      sourceIp: "10.0.0.1",
      params: { i: 1 },
    });
    expect(done.requested?.phase).toBe("requested");
    expect(done.completed?.phase).toBe("completed");
    const times = rows.map((r) => r.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(await getOperation(h.db, done.operationId)).toMatchObject({ operationId: done.operationId, outcome: "success" });
  });

  it("keyset paging has no duplicates and no gaps while new events arrive", async () => {
    const before = (await listOperations(h.db, f(), { limit: 1000 })).rows.map((r) => r.operationId);
    let extra = 0;
    const seen = await walk(h.db, f(), 4, async () => {
      // New operations start and pending ones complete between page loads.
      await op(h.db, 200 + extra++);
      await op(h.db, 300 + extra, { complete: false });
    });
    const ids = seen.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(before);
  });

  it("goes back with the newer cursor", async () => {
    const p1 = await listOperations(h.db, f(), { limit: 5 });
    const p2 = await listOperations(h.db, f(), { limit: 5, before: p1.older });
    expect(p2.newer).not.toBeNull();
    const back = await listOperations(h.db, f(), { limit: 5, after: p2.newer });
    expect(back.rows.map((r) => r.operationId)).toEqual(p1.rows.map((r) => r.operationId));
  });

  it("filters by actor, action, target, outcome and text", async () => {
    const byBob = await walk(h.db, f({ actor: "Bob@example.com" }), 3);
    expect(byBob.length).toBeGreaterThan(0);
    expect(byBob.every((r) => r.actorEmail === bob.email)).toBe(true);
    const signIns = (await listOperations(h.db, f({ action: "auth.sign_in" }), { limit: 100 })).rows;
    expect(signIns.map((r) => r.targetType)).toEqual(signIns.map(() => "user"));
    expect((await listOperations(h.db, f({ target: "aic-3" }))).rows.map((r) => r.targetId)).toEqual(["aic-3"]);
    const failures = (await listOperations(h.db, f({ outcome: "failure" }), { limit: 100 })).rows;
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((r) => r.outcome === "failure")).toBe(true);
    const pending = (await listOperations(h.db, f({ outcome: "pending" }), { limit: 100 })).rows;
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((r) => r.outcome === "pending" && r.completed === null)).toBe(true);
    const throttled = (await listOperations(h.db, f({ q: "throttling" }), { limit: 100 })).rows;
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled.every((r) => r.errorCode === "Throttling.User")).toBe(true);
    expect((await listOperations(h.db, f({ q: "100%_" }))).rows).toHaveLength(0);
  });

  it("filters by date range and bulk id", async () => {
    expect((await listOperations(h.db, f({ range: "1h" }), { limit: 1000 })).rows.length).toBeGreaterThan(30);
    expect((await listOperations(h.db, f({ range: "custom", to: "2000-01-01T00:00" }))).rows).toHaveLength(0);
    expect((await listOperations(h.db, f({ range: "custom", from: "2000-01-01" }), { limit: 1000 })).rows.length).toBeGreaterThan(30);
    await appendEvent(h.db, {
      operationId: randomUUID(),
      actor: alice,
      action: "image.share",
      target: { type: "image", id: "m-1" },
      params: { Users: ["1234567890123456"] },
      phase: "completed",
      outcome: "success",
      bulkId: "bulk-1",
    });
    expect((await listOperations(h.db, f({ bulk: "bulk-1" }))).rows.map((r) => r.params)).toEqual([{ Users: ["1234567890123456"] }]);
  });

  it("rejects bad filters and cursors", () => {
    expect(historyFilterSchema.safeParse({ outcome: "nope" }).success).toBe(false);
    expect(historyFilterSchema.safeParse({ from: "yesterday" }).success).toBe(false);
    expect(historyFilterSchema.safeParse({ from: "2026-02-01", to: "2026-01-01" }).success).toBe(false);
    expect(decodeCursor("garbage")).toBeNull();
  });

  it("a search past its time budget returns what it found and a cursor to go on, with nothing skipped", async () => {
    const all = (await listOperations(h.db, f({ q: "aic-1" }), { limit: 1000 })).rows.map((r) => r.operationId);
    expect(all.length).toBeGreaterThan(5);
    // A zero budget stops after every window of 5 events; following `older` still finds every row once.
    const first = await listOperations(h.db, f({ q: "aic-1" }), { limit: 50, budgetMs: 0, windowEvents: 5 });
    expect(first.incomplete).toBe(true);
    expect(first.older).not.toBeNull();
    const stepped = await walk(h.db, f({ q: "aic-1" }), 50, undefined, { budgetMs: 0, windowEvents: 5 });
    expect(stepped.map((r) => r.operationId)).toEqual(all);
    // Newer-direction paging through windows gives back the same rows.
    const older = await listOperations(h.db, f(), { limit: 4, before: first.older, windowEvents: 3 });
    const back = await listOperations(h.db, f(), { limit: 4, after: older.newer, windowEvents: 3 });
    expect(back.newer === null || back.rows.length === 4).toBe(true);
  });
});

describe.each(BACKENDS)("history search over a large log on %s", (kind) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  const now = Date.now();
  beforeAll(async () => {
    h = await freshDb(kind);
    await seed(h, 20_000, now - 86_400_000, 86_400_000);
  });
  afterAll(async () => h?.drop());

  it("a no-match search is a trigram index lookup", async () => {
    // At this size a scan is cheap enough that the planner may prefer it; show that the index applies.
    const plan = await h.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      return queryRows<Record<string, string>>(tx, sql`EXPLAIN SELECT id FROM audit_events a WHERE a.target_id ILIKE ${"%nomatch-zq%"}`);
    });
    expect(plan.map((r) => Object.values(r)[0]).join("\n")).toContain("audit_events_target_trgm");
    const page = await listOperations(h.db, f({ q: "nomatch-zq" }), { limit: 50 });
    expect(page).toMatchObject({ rows: [], older: null });
  });

  /** The anchors (requested, or a lone completed) an actor and a date range match, newest first: the answer without the page's machinery. */
  const anchors = async (actor: string | null, to: Date) =>
    (
      await queryRows<{ operation_id: string }>(
        h.db,
        sql`SELECT a.operation_id FROM audit_events a
            WHERE (${actor}::text IS NULL OR a.actor_email = ${actor}) AND a.at <= ${to.toISOString()}::timestamptz
              AND (a.phase = 'requested' OR NOT EXISTS (SELECT 1 FROM audit_events r WHERE r.operation_id = a.operation_id AND r.phase = 'requested'))
            ORDER BY a.at DESC, a.id DESC`,
      )
    ).map((r) => r.operation_id);

  it("a filter that matches nothing, or only far back, costs an index probe, not a walk through every window", async () => {
    // 20,000 events in windows of 2,000: walking them would be ten windows of two statements each.
    const windows = { windowEvents: 2000 };
    const none = await statementsOf(h.db, () => listOperations(h.db, f({ actor: "nobody@bench.test" }), { limit: 50, ...windows }));
    expect(none.result).toMatchObject({ rows: [], older: null, newer: null });
    expect(none.statements).toBe(1);
    const nothingYet = await statementsOf(h.db, () =>
      listOperations(h.db, f({ range: "custom", from: new Date(now + 86_400_000).toISOString() }), { limit: 50, ...windows }),
    );
    expect(nothingYet).toMatchObject({ result: { rows: [] }, statements: 1 });

    // Matches only in the oldest hour of the day: the probe finds the newest of them, one window holds the page.
    const to = new Date(now - 23 * 3_600_000);
    for (const actor of ["user7@bench.test", null]) {
      const filter = f({ ...(actor ? { actor } : {}), range: "custom", to: to.toISOString() });
      const expected = await anchors(actor, to);
      expect(expected.length).toBeGreaterThan(actor ? 5 : 200);
      const page = await statementsOf(h.db, () => listOperations(h.db, filter, { limit: 50, ...windows }));
      expect(page.result.rows.map((r) => r.operationId)).toEqual(expected.slice(0, 50));
      expect(page.statements).toBeLessThanOrEqual(4);
    }
  });

  it("an actor's rows through small windows: every row once, in order, both directions", async () => {
    const actor = "user7@bench.test";
    const expected = await anchors(actor, new Date(now + 1000));
    const seen = await walk(h.db, f({ actor }), 40, undefined, { windowEvents: 500 });
    expect(seen.map((r) => r.operationId)).toEqual(expected);
    const p1 = await listOperations(h.db, f({ actor }), { limit: 40, windowEvents: 500 });
    const p2 = await listOperations(h.db, f({ actor }), { limit: 40, windowEvents: 500, before: p1.older });
    const back = await listOperations(h.db, f({ actor }), { limit: 40, windowEvents: 500, after: p2.newer });
    expect(back.rows.map((r) => r.operationId)).toEqual(p1.rows.map((r) => r.operationId));
    // Past the actor's oldest row there is nothing more, found by one probe.
    const last = seen.at(-1)!.cursor;
    expect(
      await statementsOf(h.db, () => listOperations(h.db, f({ actor }), { limit: 40, windowEvents: 500, before: last })),
    ).toMatchObject({
      result: { rows: [], older: null },
      statements: 1,
    });
  });

  it("other queries run while a search the index cannot narrow is scanning", async () => {
    const order: string[] = [];
    // One character has no trigram: the scan goes window by window, each its own statement.
    const search = listOperations(h.db, f({ q: "#" }), { limit: 50, windowEvents: 2000 }).then((p) => {
      order.push("search");
      return p;
    });
    const ping = queryRows(h.db, sql`SELECT 1 AS one`).then(() => order.push("ping"));
    const [page] = await Promise.all([search, ping]);
    expect(order).toEqual(["ping", "search"]);
    expect(page.rows).toHaveLength(0);
  });
});
