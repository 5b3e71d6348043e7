import "server-only";
import { sql } from "drizzle-orm";
import { appendEvent } from "../audit/append";
import type { AuditEventView } from "../audit/event-view";
import { queryRows, type Db } from "../db/client";
import type { CallOptions, EnsClient } from "../ens";
import { toActionError } from "../errors";
import { invalidateLogins, serverOf } from "../instances/read";
import { loginApplied } from "../logins/login-applied";
import { loginChanged, RESOLVER_ACTOR } from "../logins/leases";
import { logger } from "../log/logger";

const log = logger("resolve");

// The resolution pass: every `unknown` change (its answer lost, or the console stopped during the
// call) is checked against ENS as soon as a pass runs, and a `resolved` event is appended to the
// same operation with what ENS showed: `applied`, `not applied`, or still `unknown` with the reason
// ENS cannot tell. One `resolved` per operation (a unique index), so replicas never double it.

type Found = "applied" | "not applied" | "unknown";
export interface Finding {
  found: Found;
  reason: string;
  evidence?: unknown;
}

// A break-glass open is an open (lib/requests/break-glass.ts).
const CHANGES = ["login.open", "login.close", "login.break_glass", "instance.reboot", "instance.reset"];
const LOGIN_CHANGES = ["login.open", "login.close", "login.break_glass"];
/** AIC `LatestAction` values that only creation sets: nothing was done to the instance since. */
const CREATION_ACTIONS = new Set(["ServerCreate", "CreateAICInstance", "CreateARMServerInstances"]);

interface Candidate {
  operation_id: string;
  action: string;
  target_id: string;
  requested: AuditEventView;
}

async function candidates(db: Db, limit: number): Promise<Candidate[]> {
  const rows = await queryRows<Omit<Candidate, "requested"> & { requested: AuditEventView | string }>(
    db,
    sql`SELECT c.operation_id, c.action, c.target_id, row_to_json(r) AS requested
      FROM audit_events c JOIN audit_events r ON r.operation_id = c.operation_id AND r.phase = 'requested'
      WHERE c.phase = 'completed' AND c.outcome = 'unknown' AND c.target_id IS NOT NULL
        AND c.action IN (${sql.join(
          CHANGES.map((a) => sql`${a}`),
          sql`, `,
        )})
        AND NOT EXISTS (SELECT 1 FROM audit_events x WHERE x.operation_id = c.operation_id AND x.phase = 'resolved')
      ORDER BY c.id LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    ...r,
    requested: typeof r.requested === "string" ? (JSON.parse(r.requested) as AuditEventView) : r.requested,
  }));
}

/** A later change to the same instance makes ENS's state now say nothing about this one. */
async function changedSince(db: Db, c: Candidate, actions: string[]): Promise<string | null> {
  const [row] = await queryRows<{ action: string }>(
    db,
    sql`SELECT action FROM audit_events WHERE target_id = ${c.target_id} AND phase = 'requested' AND id > ${Number(c.requested.id)}
      AND action IN (${sql.join(
        actions.map((a) => sql`${a}`),
        sql`, `,
      )}) ORDER BY id LIMIT 1`,
  );
  return row?.action ?? null;
}

async function checkLogin(db: Db, client: EnsClient, c: Candidate, opts: CallOptions): Promise<Finding> {
  const later = await changedSince(db, c, LOGIN_CHANGES);
  if (later) return { found: "unknown", reason: `a later ${later} on the instance hides what this change did` };
  const p = (c.requested.params ?? {}) as { keyName?: string; keyGroup?: string };
  const deliveries = await client.listAllPublicKeyDeliveries({ InstanceId: c.target_id }, opts);
  const action = c.action === "login.close" ? "close" : "open";
  const keys = [...new Set(deliveries.map((d) => d.KeyName))];
  return loginApplied(action, p, deliveries)
    ? {
        found: "applied",
        reason: action === "open" ? "ENS shows the key delivered" : "ENS shows the key no longer delivered",
        evidence: { keys },
      }
    : {
        found: "not applied",
        reason: action === "open" ? "ENS shows the key not delivered" : "ENS still shows the key delivered",
        evidence: { keys },
      };
}

async function checkPower(db: Db, client: EnsClient, c: Candidate, opts: CallOptions): Promise<Finding> {
  const reboot = c.action === "instance.reboot";
  const serverId = await serverOf(c.target_id);
  if (!serverId) return { found: "unknown", reason: "the instance is no longer in the fleet" };
  const rows = await client.listAllAicInstances({ ServerIds: [serverId] }, opts);
  const aic = rows.find((r) => r.InstanceId === c.target_id);
  if (!aic) return { found: "unknown", reason: "the instance is no longer in the fleet" };
  const evidence = { state: aic.State ?? null, latestAction: aic.LatestAction ?? null };
  if (aic.State === (reboot ? "rebooting" : "reseting")) return { found: "applied", reason: `the instance is ${aic.State}`, evidence };
  if (aic.LatestAction && CREATION_ACTIONS.has(aic.LatestAction))
    return {
      found: "not applied",
      reason: `nothing was done to the instance since it was created (latest action ${aic.LatestAction})`,
      evidence,
    };
  const later = await changedSince(db, c, ["instance.reboot", "instance.reset"]);
  if (later) return { found: "unknown", reason: `a later ${later} of the instance hides what this one did`, evidence };
  return {
    found: "unknown",
    reason: `the instance is ${aic.State ?? "in an unknown state"} (latest action ${aic.LatestAction ?? "none"}): ENS keeps no history that says whether this ${reboot ? "reboot" : "reset"} ran`,
    evidence,
  };
}

/** Applies what was found to the console's own state: the login's lease, the engine item. */
async function settle(db: Db, c: Candidate, f: Finding): Promise<void> {
  await db.execute(sql`UPDATE operation_items SET resolution = ${f.found} WHERE audit_operation_id = ${c.operation_id}`);
  if (f.found !== "applied" || !c.action.startsWith("login.")) return;
  const p = (c.requested.params ?? {}) as { keyName?: string; keyGroup?: string; expiresAt?: string | null; reason?: string };
  await loginChanged(db, {
    instanceId: c.target_id,
    action: c.action === "login.close" ? "close" : "open",
    actor: { id: c.requested.actor_id, email: c.requested.actor_email, role: c.requested.actor_role },
    auditOperationId: c.operation_id,
    keyName: p.keyName,
    keyGroup: p.keyGroup,
    expiresAt: p.expiresAt ?? null,
    reason: p.reason,
  });
  invalidateLogins();
}

/** One pass over the unresolved `unknown` changes (oldest first, at most `limit`). */
export async function resolveUnknown(
  db: Db,
  client: EnsClient,
  opts: CallOptions & { limit?: number } = {},
): Promise<{ resolved: number; kept: number }> {
  let resolved = 0;
  let kept = 0;
  for (const c of await candidates(db, opts.limit ?? 50)) {
    let f: Finding;
    try {
      f = c.action.startsWith("login.") ? await checkLogin(db, client, c, opts) : await checkPower(db, client, c, opts);
    } catch (e) {
      // ENS did not answer: nothing is recorded, the next pass asks again.
      kept++;
      log.warn({ auditAction: c.action, targetId: c.target_id, code: toActionError(e).code }, "ENS could not be read; trying again later");
      continue;
    }
    try {
      await appendEvent(db, {
        operationId: c.operation_id,
        actor: RESOLVER_ACTOR,
        action: c.action,
        target: { type: "instance", id: c.target_id },
        params: { found: f.found, reason: f.reason, evidence: f.evidence ?? null },
        phase: "resolved",
        outcome: f.found === "applied" ? "success" : f.found === "not applied" ? "failure" : "unknown",
      });
    } catch (e) {
      // Another replica resolved it first (one `resolved` per operation).
      if (/audit_events_one_per_phase|duplicate key/i.test(String((e as Error).message) + String((e as { cause?: Error }).cause?.message)))
        continue;
      throw e;
    }
    await settle(db, c, f);
    resolved++;
  }
  return { resolved, kept };
}
