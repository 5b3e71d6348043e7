import "server-only";
import { sql } from "drizzle-orm";
import type { Actor } from "../audit/append";
import { queryRows, type Db } from "../db/client";
import { loginLeases, type LoginLeaseRow } from "../db/schema";

export { loginOverlays, toLeaseView } from "../instances/login-overlay";

// The console's record of the logins it opened: written when an open is applied (or found applied
// later), removed when a close is. The audit log says what happened; this says what is due.

export const EXPIRY_ACTOR: Actor = { id: null, email: "system:expiry", role: "system" };
export const DRIFT_ACTOR: Actor = { id: null, email: "system:drift", role: "system" };
export const RESOLVER_ACTOR: Actor = { id: null, email: "system:resolver", role: "system" };

export interface LoginChange {
  instanceId: string;
  action: "open" | "close";
  actor: Actor | null;
  /** The audited operation that made the change. */
  auditOperationId: string;
  keyName?: string | null;
  keyGroup?: string | null;
  /** Open only: when it closes (null: no expiry) and why it was opened. */
  expiresAt?: string | null;
  reason?: string | null;
  adopted?: boolean;
  /** Rebuilding a lost lease: never replace one that exists by now (it may be newer, or being closed). */
  ifAbsent?: boolean;
}

/** Records an applied login change: an open holds a lease (replacing any earlier one), a close ends it. */
export async function loginChanged(db: Db, c: LoginChange): Promise<void> {
  if (c.action === "close") {
    await db.execute(sql`DELETE FROM login_leases WHERE instance_id = ${c.instanceId}`);
    await db.execute(sql`DELETE FROM login_drift WHERE instance_id = ${c.instanceId}`);
    return;
  }
  const row = {
    instanceId: c.instanceId,
    expiresAt: c.expiresAt ? new Date(c.expiresAt) : null,
    openedAt: new Date(),
    openedById: c.actor?.id ?? null,
    openedByEmail: c.actor?.email ?? null,
    openedByRole: c.actor?.role ?? null,
    reason: c.reason ?? "",
    keyName: c.keyName ?? null,
    keyGroup: c.keyGroup ?? null,
    auditOperationId: c.auditOperationId,
    adopted: c.adopted ?? false,
    state: "active" as const,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    closeOperationId: null,
    updatedAt: new Date(),
  };
  const insert = db.insert(loginLeases).values(row);
  await (c.ifAbsent ? insert.onConflictDoNothing() : insert.onConflictDoUpdate({ target: loginLeases.instanceId, set: row }));
  await db.execute(sql`DELETE FROM login_drift WHERE instance_id = ${c.instanceId}`);
  // A personal key's last use (the access report's standing access); no row for a shared key.
  if (c.keyName) await db.execute(sql`UPDATE personal_keys SET last_used_at = clock_timestamp() WHERE key_name = ${c.keyName}`);
}

export async function findLease(db: Db, instanceId: string): Promise<LoginLeaseRow | undefined> {
  return db.query.loginLeases.findFirst({ where: (l, { eq }) => eq(l.instanceId, instanceId) });
}

/** True while the lease on `instanceId` is the one the expiry operation `operationId` claimed. */
export async function stillClaimedBy(db: Db, instanceId: string, operationId: string): Promise<boolean> {
  const rows = await queryRows<{ instance_id: string }>(
    db,
    sql`SELECT instance_id FROM login_leases WHERE instance_id = ${instanceId} AND state = 'closing' AND close_operation_id = ${operationId}`,
  );
  return rows.length === 1;
}
