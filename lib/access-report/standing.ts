import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import type { StandingAccess } from "./view";

// Standing access: what lets someone log in without a recent, expiring decision. Read from the
// console's own tables (personal keys, users, leases, drift findings), each a small bounded query.

const LIMIT = 500;
const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export async function readStanding(db: Db, days: number, now = new Date()): Promise<StandingAccess> {
  const cut = new Date(now.getTime() - days * 86_400_000).toISOString();
  const stale = await queryRows<{ key_name: string; user_email: string; last_used_at: Date | string | null; created_at: Date | string }>(
    db,
    sql`SELECT key_name, user_email, last_used_at, created_at FROM personal_keys
        WHERE deleted_at IS NULL AND created_at < ${cut}::timestamptz AND (last_used_at IS NULL OR last_used_at < ${cut}::timestamptz)
        ORDER BY last_used_at NULLS FIRST, key_name LIMIT ${LIMIT}`,
  );
  const disabled = await queryRows<{ key_name: string; user_email: string; created_at: Date | string }>(
    db,
    sql`SELECT k.key_name, k.user_email, k.created_at FROM personal_keys k JOIN users u ON u.id = k.user_id
        WHERE k.deleted_at IS NULL AND u.disabled ORDER BY k.user_email, k.key_name LIMIT ${LIMIT}`,
  );
  const noExpiry = await queryRows<{
    instance_id: string;
    since: Date | string;
    opened_by: string | null;
    key_name: string | null;
    key_group: string | null;
    outside: boolean;
  }>(
    db,
    sql`SELECT instance_id, opened_at AS since, opened_by_email AS opened_by, key_name, key_group, false AS outside
          FROM login_leases WHERE expires_at IS NULL
        UNION ALL
        SELECT d.instance_id, d.found_at, NULL, NULL, NULL, true FROM login_drift d
          WHERE NOT EXISTS (SELECT 1 FROM login_leases l WHERE l.instance_id = d.instance_id)
        ORDER BY since LIMIT ${LIMIT}`,
  );
  const groups = await queryRows<{ key_group: string; n: number | string }>(
    db,
    sql`SELECT key_group, count(*) AS n FROM login_leases WHERE key_group IS NOT NULL GROUP BY key_group ORDER BY count(*) DESC, key_group LIMIT ${LIMIT}`,
  );
  return {
    days,
    staleKeys: stale.map((r) => ({
      keyName: r.key_name,
      email: r.user_email,
      lastUsedAt: iso(r.last_used_at),
      createdAt: iso(r.created_at)!,
    })),
    disabledUsersKeys: disabled.map((r) => ({ keyName: r.key_name, email: r.user_email, createdAt: iso(r.created_at)! })),
    noExpiry: noExpiry.map((r) => ({
      instanceId: r.instance_id,
      since: iso(r.since)!,
      openedBy: r.opened_by,
      keyName: r.key_name,
      keyGroup: r.key_group,
      outside: r.outside === true || (r.outside as unknown) === "t",
    })),
    sharedGroups: groups.map((r) => ({ keyGroup: r.key_group, instances: Number(r.n) })),
  };
}
