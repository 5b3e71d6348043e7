import { asc, gt } from "drizzle-orm";
import type { Db } from "../db/client";
import { auditEvents } from "../db/schema";
import { eventHash, GENESIS_HASH } from "./hash";

export type VerifyResult =
  | { intact: true; count: number; headHash: string; headId: number | null }
  | { intact: false; count: number; brokenAt: number; reason: string };

/** Walks the whole chain in id order, in batches, checking each link and each event's own hash. */
export async function verifyChain(db: Db, batchSize = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let lastId = 0;
  let count = 0;
  for (;;) {
    const rows = await db.select().from(auditEvents).where(gt(auditEvents.id, lastId)).orderBy(asc(auditEvents.id)).limit(batchSize);
    if (!rows.length) break;
    for (const r of rows) {
      if (r.prevHash !== prev) {
        return { intact: false, count, brokenAt: r.id, reason: "previous-hash link broken: an event before it was deleted, altered or inserted out of order" };
      }
      const expected = eventHash(prev, { ...r, at: new Date(r.at) });
      if (expected !== r.hash) return { intact: false, count, brokenAt: r.id, reason: "content does not match its hash: the event was altered" };
      prev = r.hash;
      lastId = r.id;
      count++;
    }
  }
  return { intact: true, count, headHash: prev, headId: count ? lastId : null };
}
