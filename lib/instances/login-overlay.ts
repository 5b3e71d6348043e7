import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { loginLeases, type LoginLeaseRow } from "../db/schema";
import type { LoginAccess, LoginLeaseView, LoginOverlay, LoginState } from "./view";

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
  for (const l of leases) out.set(l.instanceId, { lease: toLeaseView(l), outside: false, keyGroup: l.keyGroup });
  for (const d of drift) {
    const held = out.get(d.instance_id);
    out.set(d.instance_id, { lease: held?.lease ?? null, outside: true, keyGroup: held?.keyGroup ?? null });
  }
  return out;
}

/** `login` with what the console knows about it. */
export function withOverlay(login: LoginState, o: LoginOverlay | undefined): LoginState {
  return { ...login, lease: o?.lease ?? null, outside: (o?.outside ?? false) && login.open };
}

/** The keys of the open logins among `logins`: the ones whose owners a read asks for, once. */
export function openKeys(logins: Iterable<LoginState>): string[] {
  const keys = new Set<string>();
  for (const l of logins) if (l.open) for (const k of l.keys) keys.add(k);
  return [...keys];
}

/**
 * Who can log in with `login`: the owner of a personal key delivered to it (`owners`: personal
 * keys only, lib/personal-keys), else the key group the console opened it with, else the shared key.
 */
export function loginAccess(
  login: LoginState,
  overlay: Pick<LoginOverlay, "keyGroup"> | undefined,
  owners: ReadonlyMap<string, { email: string }>,
): LoginAccess | null {
  if (!login.open) return null;
  for (const k of login.keys) {
    const owner = owners.get(k);
    if (owner) return { kind: "personal", owner: owner.email, keyName: k };
  }
  if (overlay?.keyGroup) return { kind: "shared", keyGroup: overlay.keyGroup };
  return login.keys.length ? { kind: "shared", keyName: login.keys[0] } : null;
}
