import "server-only";
import { sql } from "drizzle-orm";
import { getDb, queryRows, type Db } from "../db/client";
import { isPersonalKeyName } from "./key-name";
import type { KeyOwner, PersonalKeyView } from "./view";

const iso = (v: Date | string) => new Date(v).toISOString();

/** A user's own keys, newest first (deleted ones left out). */
export async function listPersonalKeys(db: Db, userId: string): Promise<PersonalKeyView[]> {
  const rows = await queryRows<{
    key_name: string;
    name: string;
    fingerprint: string;
    created_at: Date | string;
    last_used_at: Date | string | null;
  }>(
    db,
    sql`SELECT key_name, name, fingerprint, created_at, last_used_at FROM personal_keys
      WHERE user_id = ${userId}::uuid AND deleted_at IS NULL AND uploaded_at IS NOT NULL ORDER BY created_at DESC`,
  );
  return rows.map((r) => ({
    keyName: r.key_name,
    name: r.name,
    fingerprint: r.fingerprint,
    createdAt: iso(r.created_at),
    lastUsedAt: r.last_used_at === null ? null : iso(r.last_used_at),
  }));
}

/**
 * Whose keys these are (personal keys only; shared keys are absent from the map), deleted ones
 * included. Only names shaped like a personal key are looked up: none, no query.
 */
export async function keyOwners(db: Db, keyNames: readonly string[]): Promise<Map<string, KeyOwner>> {
  const names = [...new Set(keyNames.filter((k) => k && isPersonalKeyName(k)))];
  const out = new Map<string, KeyOwner>();
  if (!names.length) return out;
  const rows = await queryRows<{ key_name: string; user_id: string; user_email: string }>(
    db,
    sql`SELECT key_name, user_id, user_email FROM personal_keys WHERE key_name IN (${sql.join(
      names.map((n) => sql`${n}`),
      sql`, `,
    )})`,
  );
  for (const r of rows) out.set(r.key_name, { userId: r.user_id, email: r.user_email });
  return out;
}

/** The page's read: the signed-in user's keys. */
export async function readMyKeys(userId: string): Promise<PersonalKeyView[]> {
  return listPersonalKeys(await getDb(), userId);
}

/** The page's read: owners of the keys an instance's login is open with. */
export async function readKeyOwners(keyNames: readonly string[]): Promise<Map<string, KeyOwner>> {
  return keyOwners(await getDb(), keyNames);
}
