import "server-only";
import { sql } from "drizzle-orm";
import { getDb, queryRows, type Db } from "../db/client";
import type { InboxView, NotificationKind, NotificationView } from "./view";

const PAGE = 50;

interface Row {
  id: string | number;
  kind: NotificationKind;
  params: Record<string, string | number | null>;
  created_at: Date | string;
  read_at: Date | string | null;
}

const iso = (v: Date | string) => new Date(v).toISOString();

function toView(r: Row): NotificationView {
  const { href, ...rest } = r.params ?? {};
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(rest)) if (v !== null && v !== undefined) values[k] = v;
  return {
    id: Number(r.id),
    kind: r.kind,
    values,
    href: typeof href === "string" ? href : null,
    createdAt: iso(r.created_at),
    read: r.read_at !== null,
  };
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [r] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM notifications WHERE user_id = ${userId}::uuid AND read_at IS NULL LIMIT 1000) s`,
  );
  return Number(r?.n ?? 0);
}

/** One page of the user's notifications, newest first: only theirs, never another's. */
export async function readInbox(db: Db, userId: string, filter: { unread?: "1"; before?: number }): Promise<InboxView> {
  const rows = await queryRows<Row>(
    db,
    sql`SELECT id, kind, params, created_at, read_at FROM notifications
      WHERE user_id = ${userId}::uuid${filter.unread ? sql` AND read_at IS NULL` : sql``}${filter.before ? sql` AND id < ${filter.before}` : sql``}
      ORDER BY id DESC LIMIT ${PAGE + 1}`,
  );
  const page = rows.slice(0, PAGE).map(toView);
  return { rows: page, unread: await unreadCount(db, userId), nextBefore: rows.length > PAGE ? page[page.length - 1].id : null };
}

// What pages and read routes call: the deployment's database.

export async function readInboxFor(userId: string, filter: { unread?: "1"; before?: number }): Promise<InboxView> {
  return readInbox(await getDb(), userId, filter);
}

export async function readUnreadCount(userId: string): Promise<number> {
  return unreadCount(await getDb(), userId);
}
