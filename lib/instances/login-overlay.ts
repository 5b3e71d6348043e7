import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { loginLeases, type LoginLeaseRow } from "../db/schema";
import type { LoginLeaseView, LoginOverlay, LoginState } from "./view";

export type { LoginOverlay };

// What the console knows about a login beyond ENS: its lease (expiry, opener, reason; written by
// lib/logins) and whether the drift pass found it opened outside the console. Read here, so the
// fleet and instance reads carry it.

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toLeaseView(r: LoginLeaseRow): LoginLeaseView {
  return {
    expiresAt: iso(r.expiresAt),
    openedAt: iso(r.openedAt)!,
    openedBy: r.openedByEmail,
    reason: r.reason,
    state: r.state,
    lastError: r.lastError,
    auditOperationId: r.auditOperationId,
    adopted: r.adopted,
  };
}

/** The console's leases and drift findings, by instance: for every instance (`ids` omitted) or a few. */
export async function loginOverlays(db: Db, ids?: readonly string[]): Promise<Map<string, LoginOverlay>> {
  if (ids && !ids.length) return new Map();
  const among = ids
    ? sql`instance_id IN (${sql.join(
        ids.map((i) => sql`${i}`),
        sql`, `,
      )})`
    : sql`true`;
  const [leases, drift] = await Promise.all([
    db.select().from(loginLeases).where(among),
    queryRows<{ instance_id: string }>(db, sql`SELECT instance_id FROM login_drift WHERE ${among}`),
  ]);
  const out = new Map<string, LoginOverlay>();
  for (const l of leases) out.set(l.instanceId, { lease: toLeaseView(l), outside: false });
  for (const d of drift) out.set(d.instance_id, { lease: out.get(d.instance_id)?.lease ?? null, outside: true });
  return out;
}

/** `login` with what the console knows about it. */
export function withOverlay(login: LoginState, o: LoginOverlay | undefined): LoginState {
  return { ...login, lease: o?.lease ?? null, outside: (o?.outside ?? false) && login.open };
}
