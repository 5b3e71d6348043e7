import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { changeInFlight, withAudit } from "../audit/append";
import { queryRows, type Db } from "../db/client";
import type { CallOptions, EnsClient } from "../ens";
import { instanceChangeGuard } from "../instances/change-guard";
import { invalidateLogins } from "../instances/read";
import { DRIFT_ACTOR, loginChanged } from "./leases";
import { logger } from "../log/logger";

const log = logger("drift");

// The drift pass (one console process per deployment per CONSOLE_DRIFT_CHECK_MS): compares the
// logins open on ENS with the console's leases. A login open with no lease is either one the
// console opened whose lease was lost (the open's audit record rebuilds it) or one opened outside
// the console: a finding, recorded once in the log (actor system:drift) while it stays open.

export interface DriftPass {
  found: number;
  rebuilt: number;
  cleared: number;
  /** Leases of logins closed outside the console, dropped. */
  dropped: number;
}

const keysOf = (deliveries: { InstanceId?: string; KeyName?: string }[]) => {
  const open = new Map<string, Set<string>>();
  for (const d of deliveries) {
    if (!d.InstanceId) continue;
    if (!open.has(d.InstanceId)) open.set(d.InstanceId, new Set());
    if (d.KeyName) open.get(d.InstanceId)!.add(d.KeyName);
  }
  return open;
};

interface LastOpen {
  operation_id: string;
  action: string;
  params: { keyName?: string; keyGroup?: string; expiresAt?: string | null; reason?: string } | string | null;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string | null;
  outcome: string | null;
  resolved: string | null;
}

/** The console's last login change on the instance, with its outcome (and resolution). */
async function lastConsoleChange(db: Db, instanceId: string): Promise<LastOpen | undefined> {
  const [row] = await queryRows<LastOpen>(
    db,
    sql`SELECT r.operation_id, r.action, r.params, r.actor_id, r.actor_email, r.actor_role,
        (SELECT c.outcome FROM audit_events c WHERE c.operation_id = r.operation_id AND c.phase = 'completed') AS outcome,
        (SELECT x.outcome FROM audit_events x WHERE x.operation_id = r.operation_id AND x.phase = 'resolved') AS resolved
      FROM audit_events r WHERE r.target_id = ${instanceId} AND r.phase = 'requested' AND r.action IN ('login.open', 'login.close', 'login.break_glass')
      ORDER BY r.id DESC LIMIT 1`,
  );
  return row;
}

/** A login change (or reboot, reset) to the instance in flight: the in-flight guard's own test. */
const inFlight = async (db: Db, instanceId: string) => (await changeInFlight(db, instanceChangeGuard(instanceId))) !== null;

export async function detectDrift(db: Db, client: EnsClient, opts: CallOptions = {}): Promise<DriftPass> {
  const pass: DriftPass = { found: 0, rebuilt: 0, cleared: 0, dropped: 0 };
  const [{ now }] = await queryRows<{ now: string }>(db, sql`SELECT clock_timestamp()::text AS now`);
  const open = keysOf(await client.listAllPublicKeyDeliveries({}, opts));
  const leases = await queryRows<{ instance_id: string; opened_before: boolean; state: string }>(
    db,
    sql`SELECT instance_id, opened_at < ${now}::timestamptz AS opened_before, state FROM login_leases`,
  );
  const findings = await queryRows<{ instance_id: string }>(db, sql`SELECT instance_id FROM login_drift`);
  const held = new Set(leases.map((l) => l.instance_id));
  const flagged = new Set(findings.map((f) => f.instance_id));

  for (const id of flagged) {
    if (open.has(id)) continue;
    await db.execute(sql`DELETE FROM login_drift WHERE instance_id = ${id}`);
    pass.cleared++;
  }
  // A lease older than the listing whose login ENS no longer shows was closed outside the console.
  for (const l of leases) {
    if (open.has(l.instance_id) || !l.opened_before || l.state === "closing" || (await inFlight(db, l.instance_id))) continue;
    const rows = await queryRows<{ instance_id: string }>(
      db,
      sql`DELETE FROM login_leases WHERE instance_id = ${l.instance_id} AND opened_at < ${now}::timestamptz AND state <> 'closing' RETURNING instance_id`,
    );
    if (rows.length) {
      pass.dropped++;
      log.info({ instanceId: l.instance_id }, "login closed outside the console; its expiry is dropped");
    }
  }

  for (const id of open.keys()) {
    if (held.has(id) || flagged.has(id) || (await inFlight(db, id))) continue;
    const last = await lastConsoleChange(db, id);
    const opened = last !== undefined && last.action !== "login.close"; // an open or a break-glass open
    if (opened && (last.outcome === "unknown" || last.outcome === null) && last.resolved === null) continue; // the resolution pass decides
    if (opened && (last.outcome === "success" || last.resolved === "success")) {
      // The console opened it, but holds no lease (its write failed, or it predates expiring logins).
      const p = (typeof last.params === "string" ? JSON.parse(last.params) : (last.params ?? {})) as Exclude<
        LastOpen["params"],
        string | null
      >;
      await loginChanged(db, {
        instanceId: id,
        action: "open",
        actor: { id: last.actor_id, email: last.actor_email, role: last.actor_role },
        auditOperationId: last.operation_id,
        keyName: p.keyName,
        keyGroup: p.keyGroup,
        expiresAt: p.expiresAt ?? null,
        reason: p.reason ?? "opened before the console recorded reasons",
        ifAbsent: true,
      });
      pass.rebuilt++;
      continue;
    }
    // Asked again for this one instance: a change made since the listing must not become a finding.
    const now2 = keysOf(await client.listAllPublicKeyDeliveries({ InstanceId: id }, opts)).get(id);
    if (!now2 || (await queryRows(db, sql`SELECT 1 FROM login_leases WHERE instance_id = ${id}`)).length) continue;
    const found = [...now2].sort();
    const recorded = await withAudit(db, async (tx, audit) => {
      const operationId = randomUUID();
      const rows = await queryRows<{ instance_id: string }>(
        tx,
        sql`INSERT INTO login_drift (instance_id, keys, audit_operation_id) VALUES (${id}, ${JSON.stringify(found)}::jsonb, ${operationId})
          ON CONFLICT (instance_id) DO NOTHING RETURNING instance_id`,
      );
      if (!rows.length) return false;
      await audit({
        operationId,
        actor: DRIFT_ACTOR,
        action: "login.drift_found",
        target: { type: "instance", id },
        params: { keys: found, listedAt: new Date(now).toISOString() },
        phase: "completed",
        outcome: "success",
      });
      return true;
    });
    if (recorded) pass.found++;
  }
  if (pass.found || pass.rebuilt || pass.cleared || pass.dropped) invalidateLogins();
  return pass;
}
