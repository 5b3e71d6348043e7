import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvent } from "@/lib/audit/append";
import { exportStream } from "@/lib/audit/export";
import { historyFilterSchema } from "@/lib/audit/filter";
import { eventHash, GENESIS_HASH, type HashedFields } from "@/lib/audit/hash";
import { verifyChain } from "@/lib/audit/verify";
import { verifyExport } from "@/lib/audit/verify-export";
import { jobDetail } from "@/lib/jobs/view";
import { BACKENDS, freshDb } from "@/test/support/db";
import { testSigningKey } from "./signing-key";

// The engine's unit was renamed "operation" → "job" in code (issue 28.4); nothing stored or hashed
// changed. These rows are what a console before the rename wrote for a bulk close of two instances
// (the job's start, then each item's requested/completed pair with `bulk_id` = the job), with the
// hashes that console computed. Any change to what the chain hashes (a field renamed, `bulkId`
// dropped or renamed) breaks the pinned hashes below; any change to the tables' or columns' names
// breaks the reads.

const JOB = "7d1c2f40-5b8e-4c1a-9e21-3f6a0b9c8d01";
const START = "0b7e8a52-1f3d-4c6e-8a90-2d4b6c8e0f11";
const ITEM1 = "1c8f9b63-2a4e-4d7f-9ba1-3e5c7d9f1a22";
const ITEM2 = "2d9a0c74-3b5f-4e80-8cb2-4f6d8e0a2b33";

const who = {
  actorId: "u-1",
  actorEmail: "operator@example.test",
  actorRole: "operator",
  sourceIp: "203.0.113.7",
  userAgent: "Mozilla/5.0",
  errorCode: null,
  errorMessage: null,
  ensRequestId: null,
  durationMs: null,
};
const closeItem = {
  action: "login.close",
  targetType: "instance",
  params: { keyName: "support-adb-key", keyGroup: null },
  bulkId: JOB,
  result: null,
};

const EVENTS: HashedFields[] = [
  {
    id: 1,
    operationId: START,
    at: new Date("2025-06-01T10:00:00.000Z"),
    ...who,
    action: "operation.start_login",
    targetType: null,
    targetId: null,
    params: { kind: "login.close", selection: "2 selected instances", keyName: "support-adb-key", keyGroup: null },
    phase: "completed",
    outcome: "success",
    bulkId: null,
    result: { operationId: JOB, total: 2 },
    durationMs: 12,
  },
  {
    id: 2,
    operationId: ITEM1,
    at: new Date("2025-06-01T10:00:01.000Z"),
    ...who,
    ...closeItem,
    targetId: "aic-0001",
    phase: "requested",
    outcome: null,
  },
  {
    id: 3,
    operationId: ITEM1,
    at: new Date("2025-06-01T10:00:01.250Z"),
    ...who,
    ...closeItem,
    targetId: "aic-0001",
    phase: "completed",
    outcome: "success",
    ensRequestId: "req-0001",
    durationMs: 250,
  },
  {
    id: 4,
    operationId: ITEM2,
    at: new Date("2025-06-01T10:00:01.500Z"),
    ...who,
    ...closeItem,
    targetId: "aic-0002",
    phase: "requested",
    outcome: null,
  },
  {
    id: 5,
    operationId: ITEM2,
    at: new Date("2025-06-01T10:00:02.000Z"),
    ...who,
    ...closeItem,
    targetId: "aic-0002",
    phase: "completed",
    outcome: "failure",
    errorCode: "InvalidParameter",
    errorMessage: "The instance is not running.",
    ensRequestId: "req-0002",
    durationMs: 500,
  },
];

/** Computed once by the console before the rename (commit c2059c3): never recompute these. */
const HASHES = [
  "8490667d02b06ff3c7212c7a65b857683a23cefa1d8605ae7c5ba9fc379ac844",
  "bae79484cbbc43acc673637c21c25828fa8e0a80aa87d6c467e3d8492f953e55",
  "f6c6823dee1168068e17d3865520b63cbe05565de06230886924a71eba62b034",
  "3a84a7a6b8eada9b2ea13d67b71e965060d3d63d61cf532196330fbef686b235",
  "9ed66ad77f1c1040d014f6704aa3dc265bc298ff036b8f9c4bc4ab4133217ae8",
];
const prevOf = (i: number) => (i === 0 ? GENESIS_HASH : HASHES[i - 1]);

describe("what the chain hashes", () => {
  it("hashes an event with a bulkId as before the rename", () => {
    EVENTS.forEach((e, i) => expect(eventHash(prevOf(i), e)).toBe(HASHES[i]));
  });
  it("covers bulkId: another job id gives another hash", () => {
    expect(eventHash(prevOf(1), { ...EVENTS[1], bulkId: randomUUID() })).not.toBe(HASHES[1]);
  });
});

describe.each(BACKENDS)("a database made before the rename, on %s", (kind) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  const key = testSigningKey();

  beforeAll(async () => {
    h = await freshDb(kind);
    // As the console before the rename stored them: its tables and columns by their SQL names.
    await h.db
      .execute(sql`INSERT INTO operations (id, kind, created_at, enqueued_at, started_at, finished_at, counts, actor_id, actor_email,
        actor_role, source_ip, user_agent, params, selection, total)
      VALUES (${JOB}, 'login.close', '2025-06-01T10:00:00.000Z', '2025-06-01T10:00:00.000Z', '2025-06-01T10:00:00.500Z',
        '2025-06-01T10:00:02.000Z', '{"pending":0,"running":0,"ok":1,"failed":1,"unknown":0,"cancelled":0}', 'u-1',
        'operator@example.test', 'operator', '203.0.113.7', 'Mozilla/5.0',
        ${JSON.stringify({ keyName: "support-adb-key", keyGroup: null, submittedBy: START })}, '2 selected instances', 2)`);
    await h.db.execute(sql`INSERT INTO operation_items (operation_id, seq, chunk, instance_id, state, audit_operation_id, error_code,
        error_message, ens_request_id, finished_at)
      VALUES (${JOB}, 0, 0, 'aic-0001', 'ok', ${ITEM1}, NULL, NULL, 'req-0001', '2025-06-01T10:00:01.250Z'),
        (${JOB}, 1, 0, 'aic-0002', 'failed', ${ITEM2}, 'InvalidParameter', 'The instance is not running.', 'req-0002', '2025-06-01T10:00:02.000Z')`);
    for (const [i, e] of EVENTS.entries())
      await h.db
        .execute(sql`INSERT INTO audit_events (id, operation_id, at, actor_id, actor_email, actor_role, action, target_type, target_id,
          params, result, phase, outcome, error_code, error_message, ens_request_id, duration_ms, source_ip, user_agent, bulk_id, prev_hash, hash)
        VALUES (${e.id}, ${e.operationId}, ${e.at.toISOString()}, ${e.actorId}, ${e.actorEmail}, ${e.actorRole}, ${e.action}, ${e.targetType},
          ${e.targetId}, ${JSON.stringify(e.params)}::jsonb, ${e.result === null ? null : JSON.stringify(e.result)}::jsonb, ${e.phase},
          ${e.outcome}, ${e.errorCode}, ${e.errorMessage}, ${e.ensRequestId}, ${e.durationMs}, ${e.sourceIp}, ${e.userAgent}, ${e.bulkId},
          ${prevOf(i)}, ${HASHES[i]})`);
    await h.db.execute(sql`SELECT setval(pg_get_serial_sequence('audit_events', 'id'), 5)`);
  });
  afterAll(async () => {
    key.cleanup();
    await h?.drop();
  });

  it("its chain verifies, and keeps verifying as new events with a bulkId are appended", async () => {
    const before = await verifyChain(h.db);
    expect(before).toMatchObject({ intact: true, count: 5, headHash: HASHES[4] });
    const next = randomUUID();
    await appendEvent(h.db, {
      operationId: next,
      actor: { id: "u-1", email: "operator@example.test", role: "operator" },
      action: "login.close",
      target: { type: "instance", id: "aic-0003" },
      phase: "requested",
      bulkId: randomUUID(),
    });
    const after = await verifyChain(h.db);
    expect(after).toMatchObject({ intact: true, count: 6, brokenTotal: 0 });
  });

  it("the engine reads the job it wrote through the renamed code", async () => {
    const job = await jobDetail(h.db, JOB);
    expect(job).toMatchObject({ id: JOB, kind: "login.close", total: 2, state: "finished", statusText: "1 ok, 1 failed" });
    expect(job?.items.map((i) => [i.instanceId, i.state, i.auditOperationId])).toEqual([
      ["aic-0001", "ok", ITEM1],
      ["aic-0002", "failed", ITEM2],
    ]);
  });

  it("its JSON Lines export verifies offline, signed, and the History's bulk filter still finds the job's operations", async () => {
    const text = await new Response(exportStream(h.db, historyFilterSchema.parse({}), { format: "jsonl", signingKey: key })).text();
    const result = verifyExport(text, key.publicKey);
    expect(result).toMatchObject({ ok: true, operations: 4, events: 6, contentOk: 6, problems: [] });
    expect(result.checkpoint).toMatchObject({ status: "verified", complete: true });
    const items = text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l))
      .filter((l) => l.requested?.bulk_id === JOB);
    expect(items.map((l) => [l.requested.hash, l.completed.hash])).toEqual([
      [HASHES[3], HASHES[4]],
      [HASHES[1], HASHES[2]],
    ]);

    const bulk = await new Response(
      exportStream(h.db, historyFilterSchema.parse({ bulk: JOB }), { format: "jsonl", signingKey: null }),
    ).text();
    const filtered = verifyExport(bulk, null);
    expect(filtered).toMatchObject({ ok: true, operations: 2, events: 4, contentOk: 4 });
  });
});
