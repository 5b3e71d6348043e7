import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvent, appendEvents, beginOperation, completionOf, reconcileInFlight } from "@/lib/audit/append";
import { eventHash, GENESIS_HASH } from "@/lib/audit/hash";
import { verifyChain } from "@/lib/audit/verify";
import { BACKENDS, freshDb } from "@/test/support/db";
import { queryRows } from "@/lib/db/client";

const actor = { id: "u1", email: "op@example.com", role: "operator" };

describe.each(BACKENDS)("audit chain on %s", (kind) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  beforeAll(async () => {
    h = await freshDb(kind);
  });
  afterAll(async () => h?.drop());

  it("appends a linear chain that verifies", async () => {
    for (let i = 0; i < 5; i++) {
      await appendEvent(h.db, {
        operationId: randomUUID(),
        actor,
        action: "login.close",
        target: { type: "instance", id: `aic-${i}` },
        phase: "completed",
        outcome: "success",
        params: { i, nested: { b: 1, a: [1, "x\u0000y"] } },
      });
    }
    const v = await verifyChain(h.db);
    expect(v).toMatchObject({ intact: true, count: 5 });
  });

  it("refuses UPDATE, DELETE and TRUNCATE", async () => {
    await expect(h.exec("UPDATE audit_events SET action = 'x'")).rejects.toThrow(/append-only/);
    await expect(h.exec("DELETE FROM audit_events")).rejects.toThrow(/append-only/);
    await expect(h.exec("TRUNCATE audit_events")).rejects.toThrow(/append-only/);
  });

  it("serializes operations on one target and reports who holds it", async () => {
    const first = await beginOperation(
      h.db,
      { operationId: randomUUID(), actor, action: "login.open", target: { type: "instance", id: "aic-x" }, phase: "requested" },
      { targetId: "aic-x", actions: ["login.open", "login.close"], windowMs: 60_000 },
    );
    expect(first.ok).toBe(true);
    const second = await beginOperation(
      h.db,
      {
        operationId: randomUUID(),
        actor: { ...actor, email: "other@example.com" },
        action: "login.close",
        target: { type: "instance", id: "aic-x" },
        phase: "requested",
      },
      { targetId: "aic-x", actions: ["login.open", "login.close"], windowMs: 60_000 },
    );
    expect(second).toMatchObject({ ok: false, inFlightBy: "op@example.com" });
    if (!first.ok) throw new Error("unreachable");
    await appendEvent(h.db, completionOf(first.event, { outcome: "success" }));
    const third = await beginOperation(
      h.db,
      { operationId: randomUUID(), actor, action: "login.close", target: { type: "instance", id: "aic-x" }, phase: "requested" },
      { targetId: "aic-x", actions: ["login.open", "login.close"], windowMs: 60_000 },
    );
    expect(third.ok).toBe(true);
  });

  it("reconcile closes stale requested events as unknown", async () => {
    const n = await reconcileInFlight(h.db, 0);
    expect(n).toBeGreaterThanOrEqual(1);
    const rows = await queryRows<{ c: number }>(
      h.db,
      sql`SELECT count(*)::int AS c FROM audit_events r WHERE phase='requested' AND NOT EXISTS (SELECT 1 FROM audit_events c WHERE c.operation_id=r.operation_id AND c.phase='completed')`,
    );
    expect(Number(rows[0].c)).toBe(0);
    expect((await verifyChain(h.db)).intact).toBe(true);
  });

  it("concurrent appends stay linear", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        appendEvents(h.db, [
          { operationId: randomUUID(), actor, action: "image.share", phase: "completed", outcome: "success", params: { i } },
        ]),
      ),
    );
    expect((await verifyChain(h.db)).intact).toBe(true);
  });

  it("verify names an altered, a deleted and an out-of-order event", async () => {
    const bypass = async (stmt: string) =>
      h.exec(`BEGIN; ALTER TABLE audit_events DISABLE TRIGGER USER; ${stmt}; ALTER TABLE audit_events ENABLE TRIGGER USER; COMMIT;`);
    const ids = (await queryRows<{ id: number }>(h.db, sql`SELECT id FROM audit_events ORDER BY id`)).map((r) => Number(r.id));
    await bypass(`UPDATE audit_events SET error_code = 'forged' WHERE id = ${ids[2]}`);
    expect(await verifyChain(h.db)).toMatchObject({ intact: false, brokenAt: ids[2] });
    await bypass(`UPDATE audit_events SET error_code = NULL WHERE id = ${ids[2]}`);
    expect((await verifyChain(h.db)).intact).toBe(true);
    await bypass(`DELETE FROM audit_events WHERE id = ${ids[4]}`);
    expect(await verifyChain(h.db)).toMatchObject({ intact: false, brokenAt: ids[5] });
  });

  it("an event's result is part of its hash; events without one hash as they did before results existed", async () => {
    const copy = await freshDb(kind);
    try {
      // Computed by the hash function as it was before the result column existed.
      const golden = {
        id: 42,
        operationId: "6f1c1d3e-8a3b-4c1e-9a57-2b8f0f3c9d10",
        at: new Date("2026-11-22T10:00:00.123Z"),
        actorId: "u1",
        actorEmail: "op@example.com",
        actorRole: "operator",
        action: "image.share",
        targetType: "image",
        targetId: "m-1",
        params: { users: ["1234567890123456"], batches: 1 },
        phase: "completed",
        outcome: "failure",
        errorCode: "NoPermission",
        errorMessage: "no",
        ensRequestId: "R-1",
        durationMs: 12,
        sourceIp: "127.0.0.1",
        userAgent: "ua",
        bulkId: null,
      };
      expect(eventHash(GENESIS_HASH, { ...golden, result: null })).toBe("2cc2f1221700c88fabb032ba25dcce9a76fd1c4eb12cd3e558dcfa3bf5acb68c");
      expect(eventHash(GENESIS_HASH, { ...golden, result: { batches: [] } })).not.toBe(
        "2cc2f1221700c88fabb032ba25dcce9a76fd1c4eb12cd3e558dcfa3bf5acb68c",
      );
      const withResult = await appendEvent(copy.db, {
        operationId: randomUUID(),
        action: "image.share",
        phase: "completed",
        outcome: "failure",
        result: { batches: [{ ok: false, requestId: "R-1" }] },
      });
      await appendEvent(copy.db, { operationId: randomUUID(), action: "key.delete", phase: "completed", outcome: "success" });
      expect(await verifyChain(copy.db)).toMatchObject({ intact: true, count: 2 });
      await copy.exec(
        `BEGIN; ALTER TABLE audit_events DISABLE TRIGGER USER; UPDATE audit_events SET result = '{"batches":[{"ok":true,"requestId":"R-1"}]}' WHERE id = ${withResult.id}; ALTER TABLE audit_events ENABLE TRIGGER USER; COMMIT;`,
      );
      expect(await verifyChain(copy.db)).toMatchObject({ intact: false, brokenAt: withResult.id });
    } finally {
      await copy.drop();
    }
  });

  it("verify detects an event inserted out of order", async () => {
    const copy = await freshDb(kind);
    try {
      for (let i = 0; i < 3; i++)
        await appendEvent(copy.db, { operationId: randomUUID(), action: "key.delete", phase: "completed", outcome: "success" });
      const [row] = await queryRows<{ id: number; prev_hash: string; hash: string }>(
        copy.db,
        sql`SELECT id, prev_hash, hash FROM audit_events ORDER BY id LIMIT 1`,
      );
      await copy.exec(
        `INSERT INTO audit_events (id, operation_id, at, action, phase, outcome, prev_hash, hash) SELECT 2000, gen_random_uuid(), now(), 'forged', 'completed', 'success', '${row.hash}', 'deadbeef'`,
      );
      await appendEvent(copy.db, { operationId: randomUUID(), action: "key.upload", phase: "completed", outcome: "success" });
      const v = await verifyChain(copy.db);
      expect(v.intact).toBe(false);
    } finally {
      await copy.drop();
    }
  });
});
