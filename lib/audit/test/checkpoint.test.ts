import { randomUUID } from "node:crypto";
import { asc, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvent } from "@/lib/audit/append";
import { takeCheckpoint } from "@/lib/audit/checkpoint";
import { exportStream } from "@/lib/audit/export";
import { eventHash, GENESIS_HASH } from "@/lib/audit/hash";
import { describeAnchor, verifyChain } from "@/lib/audit/verify";
import { verifyExport } from "@/lib/audit/verify-export";
import { queryRows } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema";
import { historyFilterSchema } from "@/lib/audit/filter";
import { BACKENDS, freshDb } from "@/test/support/db";
import { testSigningKey } from "./signing-key";

type Handle = Awaited<ReturnType<typeof freshDb>>;
const actor = { id: "u1", email: "op@example.com", role: "operator" };
const bypass = (h: Handle, stmts: string) =>
  h.exec(`BEGIN; ALTER TABLE audit_events DISABLE TRIGGER USER; ${stmts}; ALTER TABLE audit_events ENABLE TRIGGER USER; COMMIT;`);

async function seed(h: Handle, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = await appendEvent(h.db, {
      operationId: randomUUID(),
      actor,
      action: "key.delete",
      target: { type: "key", id: `k${i}` },
      phase: "completed",
      outcome: "success",
      params: { i },
    });
    ids.push(e.id);
  }
  return ids;
}

/** What someone holding the database credentials can do: alter an event and recompute every hash after it. */
async function rewriteAndRecompute(h: Handle, id: number) {
  const rows = await h.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
  let prev = GENESIS_HASH;
  const updates: string[] = [];
  for (const r of rows) {
    const fields = { ...r, at: new Date(r.at), errorCode: r.id === id ? "forged" : r.errorCode };
    const hash = eventHash(prev, fields);
    if (r.id >= id)
      updates.push(
        `UPDATE audit_events SET error_code = ${fields.errorCode === null ? "NULL" : `'${fields.errorCode}'`}, prev_hash = '${prev}', hash = '${hash}' WHERE id = ${r.id}`,
      );
    prev = hash;
  }
  await bypass(h, updates.join("; "));
}

describe.each(BACKENDS)("signed checkpoints on %s", (kind) => {
  const key = testSigningKey();
  afterAll(() => key.cleanup());

  it("reports every tampered event, each with its id and reason", async () => {
    const h = await freshDb(kind);
    try {
      const ids = await seed(h, 8);
      await bypass(
        h,
        `UPDATE audit_events SET target_id = 'forged' WHERE id = ${ids[1]}; UPDATE audit_events SET params = '{"i": 99}' WHERE id = ${ids[4]}; DELETE FROM audit_events WHERE id = ${ids[6]}`,
      );
      const v = await verifyChain(h.db);
      expect(v).toMatchObject({ intact: false, brokenTotal: 3, brokenAt: ids[1] });
      expect(v.broken.map((b) => b.id)).toEqual([ids[1], ids[4], ids[7]]);
      expect(v.broken[0].reason).toMatch(/content does not match its hash/);
      expect(v.broken[2].reason).toMatch(/previous-hash link broken/);
    } finally {
      await h.drop();
    }
  });

  it("an intact chain is anchored at its latest checkpoint; without a key it is unanchored", async () => {
    const h = await freshDb(kind);
    try {
      expect(await takeCheckpoint(h.db, key)).toBeNull();
      await seed(h, 4);
      const first = await takeCheckpoint(h.db, key);
      expect(first).toMatchObject({ count: 4, keyId: key.keyId });
      await seed(h, 2);
      const second = (await takeCheckpoint(h.db, key))!;
      expect(await takeCheckpoint(h.db, key, { minIntervalMs: 60_000 })).toBeNull();
      await seed(h, 1);
      const v = await verifyChain(h.db, { publicKey: key.publicKey });
      expect(v).toMatchObject({
        intact: true,
        count: 7,
        checkpoints: { total: 2, verified: 2 },
        anchor: { status: "anchored", checkpointId: second.id, newer: 1 },
      });
      expect(describeAnchor(v.anchor)).toMatch(new RegExp(`^anchored at checkpoint ${second.id} \\(6 events`));
      expect((await verifyChain(h.db)).anchor).toMatchObject({ status: "unanchored" });
      const other = testSigningKey();
      expect((await verifyChain(h.db, { publicKey: other.publicKey })).anchor).toMatchObject({
        status: "unanchored",
        reason: expect.stringMatching(/no checkpoint signed by this key/),
      });
      other.cleanup();
    } finally {
      await h.drop();
    }
  });

  it("checkpoints are append-only", async () => {
    const h = await freshDb(kind);
    try {
      await seed(h, 1);
      await takeCheckpoint(h.db, key);
      await expect(h.exec("UPDATE audit_checkpoints SET event_count = 0")).rejects.toThrow(/append-only/);
      await expect(h.exec("DELETE FROM audit_checkpoints")).rejects.toThrow(/append-only/);
      await expect(h.exec("TRUNCATE audit_checkpoints")).rejects.toThrow(/append-only/);
    } finally {
      await h.drop();
    }
  });

  it("reports a chain rewritten with every hash recomputed", async () => {
    const h = await freshDb(kind);
    try {
      const ids = await seed(h, 6);
      const cp = (await takeCheckpoint(h.db, key))!;
      await rewriteAndRecompute(h, ids[2]);
      expect((await verifyChain(h.db)).intact).toBe(true); // the hashes alone no longer show it
      const v = await verifyChain(h.db, { publicKey: key.publicKey });
      expect(v.intact).toBe(false);
      expect(v.broken).toEqual([
        {
          id: ids[5],
          reason: expect.stringMatching(new RegExp(`checkpoint ${cp.id} signed another hash for this event: the chain was rewritten`)),
        },
      ]);
    } finally {
      await h.drop();
    }
  });

  it("reports a cut tail, and a forged checkpoint", async () => {
    const h = await freshDb(kind);
    try {
      const ids = await seed(h, 6);
      const cp = (await takeCheckpoint(h.db, key))!;
      await bypass(h, `DELETE FROM audit_events WHERE id >= ${ids[4]}`);
      const v = await verifyChain(h.db, { publicKey: key.publicKey });
      expect(v).toMatchObject({ intact: false, count: 4 });
      expect(v.broken).toEqual([
        {
          id: ids[5],
          reason: expect.stringMatching(
            new RegExp(`checkpoint ${cp.id} \\(6 events, .*\\) ends at event ${ids[5]}, which is missing: the chain was cut`),
          ),
        },
      ]);

      // Whoever cuts the tail cannot sign a checkpoint that fits the shorter chain.
      const [last] = await queryRows<{ hash: string }>(h.db, sql`SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1`);
      await h.exec(
        `INSERT INTO audit_checkpoints (at, event_count, head_id, head_hash, key_id, signature) VALUES (now(), 4, ${ids[3]}, '${last.hash}', '${key.keyId}', '${cp.signature}')`,
      );
      const forged = await verifyChain(h.db, { publicKey: key.publicKey });
      expect(forged.broken.map((b) => b.reason)).toContainEqual(expect.stringMatching(/signature does not verify/));
    } finally {
      await h.drop();
    }
  });

  it("reports events deleted before a checkpoint even when the links were repaired", async () => {
    const h = await freshDb(kind);
    try {
      const ids = await seed(h, 5);
      const cp = (await takeCheckpoint(h.db, key))!;
      await bypass(h, `DELETE FROM audit_events WHERE id = ${ids[1]}`);
      await rewriteAndRecompute(h, ids[0]);
      const v = await verifyChain(h.db, { publicKey: key.publicKey });
      expect(v.intact).toBe(false);
      expect(v.broken.at(-1)).toMatchObject({ id: ids[4], reason: expect.stringMatching(new RegExp(`checkpoint ${cp.id}`)) });
    } finally {
      await h.drop();
    }
  });

  describe("exports", () => {
    let h: Handle;
    let ids: number[];
    beforeAll(async () => {
      h = await freshDb(kind);
      ids = await seed(h, 12);
    });
    afterAll(async () => h?.drop());
    const jsonl = (filter = {}) =>
      new Response(exportStream(h.db, historyFilterSchema.parse(filter), { format: "jsonl", batchSize: 5, signingKey: key })).text();

    it("an export ends with a signed checkpoint and verifies offline, anchored from genesis", async () => {
      const file = await jsonl();
      const trailer = JSON.parse(file.trimEnd().split("\n").at(-1)!);
      expect(trailer.checkpoint).toMatchObject({ count: 12, headId: ids[11], keyId: key.keyId });
      const r = verifyExport(file, key.publicKey);
      expect(r).toMatchObject({
        ok: true,
        operations: 12,
        events: 12,
        contentOk: 12,
        linked: 12,
        anchored: 12,
        checkpoint: { status: "verified", complete: true },
      });
      // The same checkpoint is recorded, so the database's own verification knows it too.
      expect(await verifyChain(h.db, { publicKey: key.publicKey })).toMatchObject({
        intact: true,
        anchor: { status: "anchored", checkpointId: trailer.checkpoint.id },
      });
      expect(verifyExport(file, null)).toMatchObject({ ok: true, checkpoint: { status: "no-key" } });
    });

    it("a filtered export is self-consistent, not anchored", async () => {
      const r = verifyExport(await jsonl({ target: "k3" }), key.publicKey);
      expect(r).toMatchObject({ ok: true, operations: 1, contentOk: 1, anchored: 1, checkpoint: { status: "verified", complete: false } });
    });

    it("one altered value, a removed line or a forged checkpoint is reported", async () => {
      const file = await jsonl();
      const lines = file.trimEnd().split("\n");
      const altered = [...lines];
      altered[3] = altered[3].replace('"target_id":"k8"', '"target_id":"k-forged"');
      expect(altered[3]).toContain("k-forged");
      const r1 = verifyExport(altered.join("\n"), key.publicKey);
      expect(r1.ok).toBe(false);
      expect(r1.problems).toContainEqual({ line: 4, id: ids[8], reason: "content does not match its hash: the event was altered" });

      const summary = [...lines];
      summary[3] = summary[3].replace('"targetId":"k8"', '"targetId":"k-forged"');
      expect(verifyExport(summary.join("\n"), key.publicKey).problems).toContainEqual({
        line: 4,
        id: ids[8],
        reason: '"targetId" on the line does not match its events',
      });

      const removed = lines.filter((_, i) => i !== 5).join("\n");
      expect(verifyExport(removed, key.publicKey).problems).toContainEqual(
        expect.objectContaining({
          reason: expect.stringMatching(/unfiltered export, but only \d+ of the checkpoint's 12 events chain back/),
        }),
      );

      const forged = [...lines];
      forged[forged.length - 1] = forged.at(-1)!.replace('"count":12', '"count":11');
      expect(verifyExport(forged.join("\n"), key.publicKey)).toMatchObject({ ok: false, checkpoint: { status: "bad-signature" } });
    });
  });
});
