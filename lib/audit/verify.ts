import type { KeyObject } from "node:crypto";
import { asc, gt } from "drizzle-orm";
import type { Db } from "../db/client";
import { auditEvents } from "../db/schema";
import { checkSignature, listCheckpoints, type Checkpoint } from "./checkpoint";
import { eventHash, GENESIS_HASH } from "./hash";

export interface BrokenEvent {
  id: number;
  reason: string;
}

export type Anchor =
  | { status: "anchored"; checkpointId: number; checkpointCount: number; headId: number; at: string; newer: number }
  | { status: "unanchored"; reason: string };

export interface VerifyResult {
  intact: boolean;
  count: number;
  /** The stored hash of the last event (the genesis hash when empty). */
  headHash: string;
  headId: number | null;
  /** Every broken event, in id order, capped at MAX_BROKEN; `brokenTotal` counts them all. */
  broken: BrokenEvent[];
  brokenTotal: number;
  /** The first broken event (kept for older readers). */
  brokenAt?: number;
  reason?: string;
  anchor: Anchor;
  checkpoints: { total: number; verified: number; otherKey: number };
}

export const MAX_BROKEN = 1000;

export interface VerifyOptions {
  /** The Ed25519 public key checkpoints are checked with; without it the chain is "unanchored". */
  publicKey?: KeyObject | null;
  batchSize?: number;
}

/**
 * Walks the whole chain in id order, in batches, checking each link, each event's own hash and
 * every signed checkpoint. It keeps walking after a break, continuing from the stored hash, so one
 * broken event cannot hide a later one.
 */
export async function verifyChain(db: Db, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const batchSize = opts.batchSize ?? 5000;
  const broken: BrokenEvent[] = [];
  let brokenTotal = 0;
  const report = (id: number, reason: string) => {
    brokenTotal++;
    if (broken.length < MAX_BROKEN) broken.push({ id, reason });
  };

  const checkpoints = await listCheckpoints(db);
  const byHead = new Map<number, Checkpoint[]>();
  let otherKey = 0;
  const pending = new Set<Checkpoint>();
  if (opts.publicKey) {
    for (const c of checkpoints) {
      const sig = checkSignature(c, opts.publicKey);
      if (sig === "other-key") otherKey++;
      else if (sig === "bad-signature")
        report(c.headId, `checkpoint ${c.id}: its signature does not verify: the checkpoint was forged or altered`);
      else {
        byHead.set(c.headId, [...(byHead.get(c.headId) ?? []), c]);
        pending.add(c);
      }
    }
  }

  let prev = GENESIS_HASH;
  let lastId = 0;
  let count = 0;
  let verified = 0;
  let latest: Checkpoint | null = null;
  for (;;) {
    const rows = await db.select().from(auditEvents).where(gt(auditEvents.id, lastId)).orderBy(asc(auditEvents.id)).limit(batchSize);
    if (!rows.length) break;
    for (const r of rows) {
      const reasons: string[] = [];
      if (r.prevHash !== prev) reasons.push("previous-hash link broken: an event before it was deleted, altered or inserted out of order");
      if (eventHash(r.prevHash, { ...r, at: new Date(r.at) }) !== r.hash)
        reasons.push("content does not match its hash: the event was altered");
      count++;
      for (const c of byHead.get(r.id) ?? []) {
        pending.delete(c);
        if (c.headHash !== r.hash)
          reasons.push(`checkpoint ${c.id} signed another hash for this event: the chain was rewritten and its hashes recomputed`);
        else if (c.count !== count)
          reasons.push(
            `checkpoint ${c.id} counted ${c.count} events up to this one, the chain now has ${count}: events were deleted or inserted before it`,
          );
        else {
          verified++;
          if (!latest || c.headId >= latest.headId) latest = c;
        }
      }
      if (reasons.length) report(r.id, reasons.join("; "));
      prev = r.hash;
      lastId = r.id;
    }
  }
  for (const c of pending)
    report(
      c.headId,
      `checkpoint ${c.id} (${c.count} events, signed ${c.at}) ends at event ${c.headId}, which is missing: the chain was cut`,
    );
  broken.sort((a, b) => a.id - b.id);

  const anchor: Anchor = !opts.publicKey
    ? { status: "unanchored", reason: "no public key to check signed checkpoints with (AUDIT_SIGNING_KEY_FILE or --public-key)" }
    : latest
      ? {
          status: "anchored",
          checkpointId: latest.id!,
          checkpointCount: latest.count,
          headId: latest.headId,
          at: latest.at,
          newer: count - latest.count,
        }
      : {
          status: "unanchored",
          reason: checkpoints.length ? "no checkpoint signed by this key matches the chain" : "no signed checkpoint yet",
        };
  return {
    intact: brokenTotal === 0,
    count,
    headHash: prev,
    headId: count ? lastId : null,
    broken,
    brokenTotal,
    ...(broken[0] ? { brokenAt: broken[0].id, reason: broken[0].reason } : {}),
    anchor,
    checkpoints: { total: checkpoints.length, verified, otherKey },
  };
}

/** One line for humans: what `audit:verify` prints first and the history page shows. */
export function describeAnchor(a: Anchor): string {
  if (a.status === "unanchored") return `unanchored: ${a.reason}`;
  return `anchored at checkpoint ${a.checkpointId} (${a.checkpointCount} events, signed ${a.at})${a.newer ? `; ${a.newer} newer event(s) not yet checkpointed` : ""}`;
}
