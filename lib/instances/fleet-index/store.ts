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
 */
export async function writeSnapshot(
  db: Db,
  rows: IndexRow[],
  listedFrom: number,
): Promise<{ id: number; listedAt: number; digest: string; previousDigest: string | null; superseded: number }> {
  const json = JSON.stringify(pack(rows));
  const digest = createHash("sha256").update(json).digest("base64url");
  const body = (await zip(json)).toString("base64");
  const from = new Date(listedFrom).toISOString();
  const [r] = await queryRows<{ id: string; listed_at: string | Date }>(
    db,
    sql`INSERT INTO fleet_snapshots (listed_from, instances, digest, body) VALUES (${from}, ${rows.length}, ${digest}, ${body}) RETURNING id, listed_at`,
  );
  const id = Number(r.id);
  const older = await queryRows<{ id: string; digest: string }>(db, sql`DELETE FROM fleet_snapshots WHERE id < ${id} RETURNING id, digest`);
  const previous = older.reduce<{ id: string; digest: string } | null>((a, o) => (!a || Number(o.id) > Number(a.id) ? o : a), null);
  const superseded = await queryRows<{ instance_id: string }>(db, sql`DELETE FROM fleet_patches WHERE at < ${from} RETURNING instance_id`);
  return { id, listedAt: new Date(r.listed_at).getTime(), digest, previousDigest: previous?.digest ?? null, superseded: superseded.length };
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
