import { sign, verify, type KeyObject } from "node:crypto";
import { asc, sql } from "drizzle-orm";
import { isSingleConnection, queryRows, type Db } from "../db/client";
import { auditCheckpoints, type AuditCheckpointRow } from "../db/schema";
import { keyIdOf, type SigningKey } from "./checkpoint-key";
import { canonicalJson } from "./hash";

// Serializes checkpoint writers across replicas (the "at most one per interval" check).
const CHECKPOINT_LOCK = 7_310_003;

/** What a checkpoint states, in the form an auditor can check offline with the public key. */
export interface Checkpoint {
  id?: number;
  /** Events in the chain up to and including the head. */
  count: number;
  headId: number;
  headHash: string;
  /** When it was signed (ISO, UTC). */
  at: string;
  keyId: string;
  /** Ed25519 signature of `checkpointMessage`, base64. */
  signature: string;
}

/** The exact bytes signed: versioned canonical JSON of every field but the signature. */
export function checkpointMessage(c: Omit<Checkpoint, "signature" | "id">): Buffer {
  return Buffer.from(
    canonicalJson({ v: "aic-audit-checkpoint/1", count: c.count, headId: c.headId, headHash: c.headHash, at: c.at, keyId: c.keyId }),
    "utf8",
  );
}

export function signCheckpoint(key: SigningKey, c: Omit<Checkpoint, "signature" | "keyId" | "id">): Checkpoint {
  const body = { ...c, keyId: key.keyId };
  return { ...body, signature: sign(null, checkpointMessage(body), key.privateKey).toString("base64") };
}

/** "ok", "other-key" (signed by a key other than the one given), or "bad-signature". */
export function checkSignature(c: Checkpoint, publicKey: KeyObject): "ok" | "other-key" | "bad-signature" {
  if (c.keyId !== keyIdOf(publicKey)) return "other-key";
  try {
    return verify(null, checkpointMessage(c), publicKey, Buffer.from(c.signature, "base64")) ? "ok" : "bad-signature";
  } catch {
    return "bad-signature";
  }
}

export function fromRow(r: AuditCheckpointRow): Checkpoint {
  return {
    id: Number(r.id),
    count: Number(r.eventCount),
    headId: Number(r.headId),
    headHash: r.headHash,
    at: new Date(r.at).toISOString(),
    keyId: r.keyId,
    signature: r.signature,
  };
}

export async function listCheckpoints(db: Db): Promise<Checkpoint[]> {
  return (await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.id))).map(fromRow);
}

export interface TakeOptions {
  /** Checkpoint this event (it must exist) instead of the chain's head. */
  headId?: number;
  /** Skip (return null) when any checkpoint is younger than this: the periodic one, across replicas. */
  minIntervalMs?: number;
}

/**
 * Signs and records a checkpoint of the chain's head (or of `headId`). The head and the count are
 * read in one statement, so they come from one snapshot: appends commit in id order under the audit
 * lock, so a snapshot always holds a prefix of the chain. Null when the chain is empty or a recent
 * checkpoint made this one redundant.
 */
export async function takeCheckpoint(db: Db, key: SigningKey, opts: TakeOptions = {}): Promise<Checkpoint | null> {
  return db.transaction(async (tx) => {
    if (!isSingleConnection(db)) await tx.execute(sql`SELECT pg_advisory_xact_lock(${CHECKPOINT_LOCK})`);
    if (opts.minIntervalMs !== undefined) {
      const [recent] = await queryRows<{ n: number }>(
        tx,
        sql`SELECT count(*)::int AS n FROM audit_checkpoints WHERE at > clock_timestamp() - make_interval(secs => ${opts.minIntervalMs / 1000})`,
      );
      if (Number(recent.n) > 0) return null;
    }
    const head =
      opts.headId === undefined
        ? sql`SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1`
        : sql`SELECT id, hash FROM audit_events WHERE id = ${opts.headId}`;
    const [row] = await queryRows<{ id: string | number; hash: string; n: string | number; at: Date | string }>(
      tx,
      sql`WITH head AS (${head})
          SELECT head.id, head.hash, (SELECT count(*) FROM audit_events e WHERE e.id <= head.id) AS n,
            date_trunc('milliseconds', clock_timestamp()) AS at FROM head`,
    );
    if (!row) return null;
    const cp = signCheckpoint(key, {
      count: Number(row.n),
      headId: Number(row.id),
      headHash: row.hash,
      at: new Date(row.at).toISOString(),
    });
    const [stored] = await tx
      .insert(auditCheckpoints)
      .values({
        at: new Date(cp.at),
        eventCount: cp.count,
        headId: cp.headId,
        headHash: cp.headHash,
        keyId: cp.keyId,
        signature: cp.signature,
      })
      .returning({ id: auditCheckpoints.id });
    return { ...cp, id: Number(stored.id) };
  });
}
