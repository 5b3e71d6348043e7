import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvent } from "@/lib/audit/append";
import { CSV_COLUMNS, csvLine, csvRecord, exportStream } from "@/lib/audit/export";
import { historyFilterSchema } from "@/lib/audit/filter";
import { listOperations, type Cursor } from "@/lib/audit/query";
import type { Db } from "@/lib/db/client";
import { BACKENDS, freshDb } from "@/test/support/db";

// The CSV export reads only the summary columns (`summaryOnly`); its bytes must be exactly what the
// full path (three whole events per operation, through `csvRecord`) writes for the same history.

const actor = { id: "u1", email: "ops@x.test", role: "operator" };

/** Every shape a CSV line distinguishes: pending, completed alone, failed, unknown and resolved. */
async function seed(db: Db) {
  for (let i = 0; i < 6; i++) {
    const op = randomUUID();
    const bulkId = i % 2 ? `bulk-${i}` : null;
    // Requested with params, completed with a result and an error; a formula and quotes in the text.
    await appendEvent(db, {
      operationId: op,
      actor,
      action: "login.open",
      target: { type: "instance", id: i === 1 ? "=cmd|' /C calc'!A0" : `aic-${i}` },
      params: { minutes: 30 + i, note: 'say "hi"\n=1+1', nested: { z: 1, a: [1, 2] } },
      phase: "requested",
      sourceIp: "10.0.0.7",
      userAgent: "x".repeat(300),
      bulkId,
    });
    await appendEvent(db, {
      operationId: op,
      actor,
      action: "login.open",
      target: { type: "instance", id: `aic-${i}` },
      phase: "completed",
      outcome: i % 3 === 0 ? "success" : i % 3 === 1 ? "failure" : "unknown",
      errorCode: i % 3 === 1 ? "ENS_DENIED" : null,
      errorMessage: i % 3 === 1 ? "denied; +retry later" : null,
      ensRequestId: `req-${i}`,
      durationMs: 100 + i,
      result: { requestIds: [`r${i}`, `s${i}`], ok: i % 2 === 0 },
      bulkId,
    });
    if (i === 2)
      await appendEvent(db, {
        operationId: op,
        actor: { id: null, email: "system:resolver", role: "system" },
        action: "login.open",
        target: { type: "instance", id: `aic-${i}` },
        phase: "resolved",
        outcome: "success",
        params: { found: "applied", reason: "seen on ENS", evidence: { big: "e".repeat(500) } },
      });
  }
  // Requested without params: the completion's params stand in.
  const bare = randomUUID();
  await appendEvent(db, { operationId: bare, actor, action: "key.delete", target: { type: "key", id: "k1" }, phase: "requested" });
  await appendEvent(db, {
    operationId: bare,
    actor,
    action: "key.delete",
    phase: "completed",
    outcome: "success",
    params: { from: "completion" },
  });
  // Pending: requested, never completed.
  await appendEvent(db, {
    operationId: randomUUID(),
    actor,
    action: "key.delete",
    target: { type: "key", id: "k2" },
    phase: "requested",
    params: { p: 1 },
  });
  // A completed event alone, no actor, JSON null params.
  await appendEvent(db, { operationId: randomUUID(), action: "history.export", phase: "completed", outcome: "success", params: null });
  // Unknown and not resolved.
  await appendEvent(db, { operationId: randomUUID(), actor, action: "key.delete", phase: "completed", outcome: "unknown", durationMs: 0 });
}

/** The CSV the full path writes: whole events per row, through `csvRecord`, in the export's pages. */
async function fullPathCsv(db: Db, asOf: Date, batch: number): Promise<string> {
  let out = csvLine([...CSV_COLUMNS]);
  let cursor: Cursor | null = { at: asOf.toISOString(), id: Number.MAX_SAFE_INTEGER };
  while (cursor) {
    const page = await listOperations(db, historyFilterSchema.parse({}), { limit: batch, before: cursor, now: asOf });
    for (const r of page.rows) {
      expect(r.requested ?? r.completed).toHaveProperty("hash");
      out += csvRecord(r);
    }
    cursor = page.older;
  }
  return out;
}

describe.each(BACKENDS)("narrow CSV export on %s", (kind) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  beforeAll(async () => {
    h = await freshDb(kind);
    await seed(h.db);
  });
  afterAll(async () => h?.drop());

  it("writes the same bytes as the full events through csvRecord", async () => {
    const asOf = new Date(Date.now() + 1000);
    for (const batch of [3, 250]) {
      const narrow = await new Response(
        exportStream(h.db, historyFilterSchema.parse({}), { format: "csv", batchSize: batch, asOf, now: asOf }),
      ).text();
      const full = await fullPathCsv(h.db, asOf, batch);
      expect(narrow.split("\r\n").length).toBeGreaterThan(10);
      expect(narrow).toContain('"applied"');
      expect(narrow).toContain('{""from"":""completion""}');
      expect(narrow).toBe(full);
    }
  });

  it("reads only the summary columns", async () => {
    const page = await listOperations(h.db, historyFilterSchema.parse({}), { limit: 50, summaryOnly: true });
    const full = await listOperations(h.db, historyFilterSchema.parse({}), { limit: 50 });
    expect(page.rows.map(csvRecord)).toEqual(full.rows.map(csvRecord));
    for (const r of page.rows) {
      for (const e of [r.requested, r.completed, r.resolved]) {
        expect(e ?? {}).not.toHaveProperty("hash");
        expect(e ?? {}).not.toHaveProperty("user_agent");
      }
    }
  });
});
