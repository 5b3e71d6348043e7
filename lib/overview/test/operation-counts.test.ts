import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvent, beginOperation, completionOf } from "@/lib/audit/append";
import { listOperations } from "@/lib/audit/query";
import type { Db } from "@/lib/db/client";
import type { Outcome } from "@/lib/db/schema";
import { historyFilterSchema } from "@/lib/audit/filter";
import { BACKENDS, freshDb } from "@/test/support/db";
import { HOURS, operationCounts } from "../operation-counts";

const actor = { id: "u1", email: "operator@test", role: "operator" };
let n = 0;

/** A two-event operation (requested, then completed with `outcome`; none: still pending), optionally resolved. */
async function twoEvents(db: Db, outcome: Outcome | null, resolved?: Outcome) {
  const begun = await beginOperation(db, {
    operationId: randomUUID(),
    actor,
    action: "login.open",
    target: { type: "instance", id: `aic-${n++}` },
    phase: "requested",
  });
  if (!begun.ok) throw new Error("in flight");
  if (!outcome) return;
  await appendEvent(db, completionOf(begun.event, { outcome, errorCode: outcome === "success" ? null : "InternalError" }));
  if (resolved) await resolve(db, begun.event.operationId, resolved);
}

/** A single `completed` event (a refused call, a sign-in, a drift finding), optionally resolved. */
async function oneEvent(db: Db, outcome: Outcome, resolved?: Outcome) {
  const operationId = randomUUID();
  await appendEvent(db, {
    operationId,
    actor,
    action: "auth.sign_in",
    target: { type: "user", id: actor.email },
    phase: "completed",
    outcome,
  });
  if (resolved) await resolve(db, operationId, resolved);
}

const resolve = (db: Db, operationId: string, outcome: Outcome) =>
  appendEvent(db, {
    operationId,
    actor: { id: null, email: "system:resolver", role: "system" },
    action: "login.open",
    target: { type: "instance", id: "aic-r" },
    phase: "resolved",
    outcome,
    params: { found: outcome === "success" ? "applied" : outcome === "failure" ? "not applied" : "unknown", reason: "test" },
  });

/** One of each shape History distinguishes. */
async function seedBatch(db: Db) {
  await twoEvents(db, "success");
  await twoEvents(db, "failure");
  await twoEvents(db, "failure");
  await twoEvents(db, "unknown");
  await twoEvents(db, "unknown", "success");
  await twoEvents(db, "unknown", "unknown");
  await twoEvents(db, null);
  await oneEvent(db, "failure");
  await oneEvent(db, "denied");
  await oneEvent(db, "rejected");
  await oneEvent(db, "unknown");
  await oneEvent(db, "unknown", "unknown");
  await oneEvent(db, "unknown", "failure");
}

/** What the History list shows for this filter: the rows the overview's link opens. */
const historyRows = async (db: Db, raw: Record<string, string>, now?: Date) =>
  (await listOperations(db, historyFilterSchema.parse(raw), { limit: 5000, now })).rows.length;

describe.each(BACKENDS)("overview operation counts on %s", (backend) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  let mid: Date;
  beforeAll(async () => {
    h = await freshDb(backend);
    await seedBatch(h.db);
    await new Promise((r) => setTimeout(r, 50));
    mid = new Date();
    await new Promise((r) => setTimeout(r, 50));
    await seedBatch(h.db);
    await twoEvents(h.db, "failure");
  });
  afterAll(async () => h?.drop());

  it("each count is the number of rows its History filter lists", async () => {
    const c = await operationCounts(h.db);
    expect(c.failed).toBe(await historyRows(h.db, { outcome: "failure", range: "24h" }));
    expect(c.unknown).toBe(await historyRows(h.db, { outcome: "unknown", range: "24h" }));
    expect(c.unresolved).toBe(await historyRows(h.db, { outcome: "unresolved" }));
    expect(c.total).toBe(await historyRows(h.db, { range: "24h" }));
    // The seed has each kind, so none of these agrees by being zero.
    expect(c).toMatchObject({ failed: 7, unknown: 16, unresolved: 10, total: 31 });
  });

  it("the 24 h window ends at now and starts 24 h before, as History's range does", async () => {
    const now = new Date(mid.getTime() + 24 * 3_600_000);
    const c = await operationCounts(h.db, now);
    expect(c.since.toISOString()).toBe(mid.toISOString());
    expect(c.failed).toBe(await historyRows(h.db, { outcome: "failure", range: "24h" }, now));
    expect(c.unknown).toBe(await historyRows(h.db, { outcome: "unknown", range: "24h" }, now));
    expect(c.total).toBe(await historyRows(h.db, { range: "24h" }, now));
    // Only the second batch is in it.
    expect(c).toMatchObject({ failed: 4, unknown: 8, total: 16 });
    // Unresolved has no range: every age counts.
    expect(c.unresolved).toBe((await operationCounts(h.db)).unresolved);
    expect(await operationCounts(h.db, new Date(Date.now() + 25 * 3_600_000))).toMatchObject({ total: 0, failed: 0, unknown: 0 });
  });

  it("24 hourly bars, oldest first, summing to the totals", async () => {
    const c = await operationCounts(h.db);
    expect(c.hours).toHaveLength(HOURS);
    expect(c.hours[0].start.toISOString()).toBe(c.since.toISOString());
    expect(c.hours[HOURS - 1].start.getTime()).toBe(c.now.getTime() - 3_600_000);
    expect(c.hours.reduce((s, x) => s + x.operations, 0)).toBe(c.total);
    expect(c.hours.reduce((s, x) => s + x.failures, 0)).toBe(c.failed);
    // Everything was written just now: the last hour.
    expect(c.hours[HOURS - 1]).toMatchObject({ operations: c.total, failures: c.failed });
    // Seen from a day later, the second batch lies in the first hour of the window.
    const later = await operationCounts(h.db, new Date(mid.getTime() + 24 * 3_600_000));
    expect(later.hours[0]).toMatchObject({ operations: 16, failures: 4 });
  });
});
