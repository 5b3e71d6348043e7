import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/handle";
import { pack, unpack, type IndexRow, type RowPatch } from "./rows";

const zip = promisify(gzip);
const unzip = promisify(gunzip);

export interface StoredSnapshot {
  id: number;
  listedFrom: number;
  listedAt: number;
  digest: string;
  rows: IndexRow[];
}

export async function dbNow(db: Db): Promise<number> {
  const [r] = await queryRows<{ now: string | Date }>(db, sql`SELECT clock_timestamp() AS now`);
  return new Date(r.now).getTime();
}

/**
 * Stores a listing begun at `listedFrom`, and drops older listings and the patches it includes;
 * `superseded` counts those patches, `previousDigest` is the digest of the listing it replaces
 * (whichever process made it): with both, the caller knows whether what the console shows changed.
 * A listing with the same rows as the newest stored one (the usual re-listing) takes that row over
 * (a new id, its own times) instead of compressing and writing the same body again.
 */
export async function writeSnapshot(
  db: Db,
  rows: IndexRow[],
  listedFrom: number,
  /** `JSON.stringify(pack(rows))`, when the caller made it already (rows.ts, indexRowMaker). */
  json = JSON.stringify(pack(rows)),
): Promise<{ id: number; listedAt: number; digest: string; previousDigest: string | null; superseded: number }> {
  const digest = createHash("sha256").update(json).digest("base64url");
  const from = new Date(listedFrom).toISOString();
  // A new id (so every process sees a newer listing) and times; the body stays where it is. The
  // newest row only, and only while it still holds these rows (a concurrent writer moved or
  // dropped it: nothing updated, and the listing is written in full below).
  const [moved] = await queryRows<{ id: string; listed_at: string | Date; old_id: string }>(
    db,
    sql`WITH newest AS (SELECT id FROM fleet_snapshots ORDER BY id DESC LIMIT 1)
      UPDATE fleet_snapshots s SET id = DEFAULT, listed_from = ${from}, listed_at = clock_timestamp()
      FROM newest WHERE s.id = newest.id AND s.digest = ${digest}
      RETURNING s.id, s.listed_at, newest.id AS old_id`,
  );
  let r: { id: string; listed_at: string | Date } | undefined = moved;
  let replaced: { id: string; digest: string }[] = moved ? [{ id: moved.old_id, digest }] : [];
  if (!moved) {
    const body = (await zip(json)).toString("base64");
    [r] = await queryRows<{ id: string; listed_at: string | Date }>(
      db,
      sql`INSERT INTO fleet_snapshots (listed_from, instances, digest, body) VALUES (${from}, ${rows.length}, ${digest}, ${body}) RETURNING id, listed_at`,
    );
  }
  const id = Number(r!.id);
  const older = await queryRows<{ id: string; digest: string }>(db, sql`DELETE FROM fleet_snapshots WHERE id < ${id} RETURNING id, digest`);
  replaced = replaced.concat(older);
  const previous = replaced.reduce<{ id: string; digest: string } | null>((a, o) => (!a || Number(o.id) > Number(a.id) ? o : a), null);
  const superseded = await queryRows<{ instance_id: string }>(db, sql`DELETE FROM fleet_patches WHERE at < ${from} RETURNING instance_id`);
  return {
    id,
    listedAt: new Date(r!.listed_at).getTime(),
    digest,
    previousDigest: previous?.digest ?? null,
    superseded: superseded.length,
  };
}

export interface SnapshotHead {
  id: number;
  listedFrom: number;
  listedAt: number;
  digest: string;
}

export async function newestSnapshot(db: Db): Promise<SnapshotHead | null> {
  const [r] = await queryRows<{ id: string; listed_from: string | Date; listed_at: string | Date; digest: string }>(
    db,
    sql`SELECT id, listed_from, listed_at, digest FROM fleet_snapshots ORDER BY id DESC LIMIT 1`,
  );
  return r
    ? { id: Number(r.id), listedFrom: new Date(r.listed_from).getTime(), listedAt: new Date(r.listed_at).getTime(), digest: r.digest }
    : null;
}

export async function readSnapshot(db: Db, id: number): Promise<StoredSnapshot | null> {
  const [r] = await queryRows<{ id: string; listed_from: string | Date; listed_at: string | Date; digest: string; body: string }>(
    db,
    sql`SELECT id, listed_from, listed_at, digest, body FROM fleet_snapshots WHERE id = ${id}`,
  );
  if (!r) return null;
  const rows = unpack(JSON.parse((await unzip(Buffer.from(r.body, "base64"))).toString("utf8")));
  return {
    id: Number(r.id),
    listedFrom: new Date(r.listed_from).getTime(),
    listedAt: new Date(r.listed_at).getTime(),
    digest: r.digest,
    rows,
  };
}

export interface StoredPatch {
  instanceId: string;
  seq: number;
  patch: RowPatch;
  at: number;
}

/** Records a change to one instance; returns its sequence number and time (database clock). */
export async function writePatch(db: Db, instanceId: string, patch: RowPatch): Promise<StoredPatch> {
  const [r] = await queryRows<{ seq: string; at: string | Date; patch: RowPatch }>(
    db,
    sql`INSERT INTO fleet_patches AS p (instance_id, patch) VALUES (${instanceId}, ${JSON.stringify(patch)}::jsonb)
      ON CONFLICT (instance_id) DO UPDATE SET patch = p.patch || EXCLUDED.patch, seq = nextval('fleet_patches_seq_seq'), at = clock_timestamp()
      RETURNING seq, at, patch`,
  );
  return { instanceId, seq: Number(r.seq), patch: r.patch, at: new Date(r.at).getTime() };
}

export async function patchesSince(db: Db, seq: number): Promise<StoredPatch[]> {
  const rows = await queryRows<{ instance_id: string; seq: string; patch: RowPatch; at: string | Date }>(
    db,
    sql`SELECT instance_id, seq, patch, at FROM fleet_patches WHERE seq > ${seq} ORDER BY seq`,
  );
  return rows.map((r) => ({ instanceId: r.instance_id, seq: Number(r.seq), patch: r.patch, at: new Date(r.at).getTime() }));
}
