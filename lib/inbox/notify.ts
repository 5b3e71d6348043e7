import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { announce } from "../live/bus";
import type { NotificationKind } from "./view";

// Each user's inbox is written here. (user, kind, subject) is unique, so a producer that runs
// twice (two replicas, a pass after a restart) adds nothing the second time.

export interface Notice {
  kind: NotificationKind;
  /** What it is about: a request id, an instance and lease, a job id. */
  subject: string;
  /** The values its sentence names (messages inbox.kinds.<kind>), and `href`. */
  params: Record<string, string | number | null>;
}

/** Notifies each user once; returns how many notifications were new. */
export async function notifyUsers(db: Db, userIds: readonly string[], notice: Notice): Promise<number> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return 0;
  const rows = await queryRows<{ id: number }>(
    db,
    sql`INSERT INTO notifications (user_id, kind, subject, params)
      SELECT u::uuid, ${notice.kind}, ${notice.subject}, ${JSON.stringify(notice.params)}::jsonb FROM unnest(${sql.raw("ARRAY[")}${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )}${sql.raw("]::text[]")}) AS u
      ON CONFLICT (user_id, kind, subject) DO NOTHING RETURNING id`,
  );
  if (rows.length) announce("inbox");
  return rows.length;
}

/** Enabled users of these roles, but not `except`: who an approval or a review concerns. */
export async function usersWithRoles(db: Db, roles: readonly string[], except?: string | null): Promise<string[]> {
  if (!roles.length) return [];
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM users WHERE NOT disabled AND role IN (${sql.join(
      roles.map((r) => sql`${r}`),
      sql`, `,
    )})${except ? sql` AND id <> ${except}::uuid` : sql``} ORDER BY email LIMIT 500`,
  );
  return rows.map((r) => r.id);
}
