// Two replicas restarting together both run reconcileInFlight at start-up. Each stale operation
// must still get exactly one `completed` (`unknown`) event, and an operation that completes
// while reconcile runs must not get a second one.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvent, beginOperation, completionOf, reconcileInFlight } from "@/lib/audit/append";
import { verifyChain } from "@/lib/audit/verify";
import { queryRows } from "@/lib/db/client";
import { BACKENDS, freshDb } from "@/test/support/db";

const actor = { id: "u1", email: "op@example.com", role: "operator" };

describe.each(BACKENDS)("reconcileInFlight under concurrency on %s", (kind) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  beforeAll(async () => {
    h = await freshDb(kind);
  });
  afterAll(async () => h?.drop());

  const completedPerOp = async () =>
    queryRows<{ operation_id: string; n: string }>(
      h.db,
      sql`
      SELECT r.operation_id, (SELECT count(*) FROM audit_events c WHERE c.operation_id = r.operation_id AND c.phase = 'completed') AS n
      FROM audit_events r WHERE r.phase = 'requested'`,
    );

  it("closes each stale operation once when two reconciles run at the same time", async () => {
    for (let i = 0; i < 20; i++) {
      await beginOperation(h.db, {
        operationId: randomUUID(),
        actor,
        action: "login.close",
        target: { type: "instance", id: `aic-race-${i}` },
        phase: "requested",
      });
    }
    // On PostgreSQL each call gets its own pooled connection, as two replicas would.
    const counts = await Promise.all([reconcileInFlight(h.db, 0), reconcileInFlight(h.db, 0), reconcileInFlight(h.db, 0)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(20);
    for (const r of await completedPerOp()) expect(Number(r.n), r.operation_id).toBe(1);
    expect((await verifyChain(h.db)).intact).toBe(true);
  });

  it("never fails when an operation completes while reconcile runs, and leaves one completion", async () => {
    const begun = await beginOperation(h.db, {
      operationId: randomUUID(),
      actor,
      action: "login.open",
      target: { type: "instance", id: "aic-late" },
      phase: "requested",
    });
    if (!begun.ok) throw new Error("begin refused");
    const [reconcile] = await Promise.allSettled([
      reconcileInFlight(h.db, 0),
      appendEvent(h.db, completionOf(begun.event, { outcome: "success" })),
    ]);
    expect(reconcile.status).toBe("fulfilled");
    for (const r of await completedPerOp()) expect(Number(r.n), r.operation_id).toBe(1);
    expect((await verifyChain(h.db)).intact).toBe(true);
  });
});
