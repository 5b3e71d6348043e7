import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { appendEvents } from "../audit/append";
import { queryRows, type Db } from "../db/client";
import { notifyUsers, usersWithRoles } from "../inbox/notify";
import { announce } from "../live/bus";
import { config, type Env } from "../config";
import type { EnsClient } from "../ens";
import { logger } from "../log/logger";
import { carryOut, endRequest, failRequest, REQUESTS_ACTOR, type CarryOutDeps } from "./carry-out";

// The requests pass, run by every console process every CONSOLE_REQUESTS_CHECK_MS. Each step is
// a conditional write, so with several replicas each request is expired, carried out and ended
// once; what fell due while no console ran is handled by the first pass after a start.

export interface RequestsPassResult {
  expired: number;
  carried: number;
  ended: number;
  notices: number;
}

/** The pass as the engine runs it (lib/jobs/passes.ts `ExtraPass`), every CONSOLE_REQUESTS_CHECK_MS. */
export function requestsPass(env: Env) {
  return {
    name: REQUESTS_PASS,
    periodMs: config(env).CONSOLE_REQUESTS_CHECK_MS,
    run: async (db: Db, ens: EnsClient) => {
      const r = await runRequestsPass(db, { ens });
      if (r.expired || r.carried || r.ended) log.info({ pass: REQUESTS_PASS, ...r }, "access requests expired, carried out or ended");
    },
  };
}

export const REQUESTS_PASS = "requests";

const log = logger("requests");

/** Minutes before a login's expiry when its opener is told it closes soon. */
export const CLOSING_SOON_MINUTES = 10;

export async function runRequestsPass(db: Db, deps: CarryOutDeps): Promise<RequestsPassResult> {
  const expired = await expirePending(db);
  let carried = 0;
  for (const id of await approvedNotStarted(db)) if ((await carryOut(db, id, deps)) !== "skipped") carried++;
  const ended = await settleCarriedOut(db);
  const notices = await notifyLoginEvents(db);
  return { expired, carried, ended, notices };
}

/** Pending requests past the policy's wait: `expired`, audited by system:requests, told to the requester. */
export async function expirePending(db: Db): Promise<number> {
  const rows = await db.transaction(async (tx) => {
    const due = await queryRows<{ id: string; requester_id: string }>(
      tx,
      sql`UPDATE access_requests SET state = 'expired', ended_at = clock_timestamp()
        WHERE id IN (SELECT id FROM access_requests WHERE state = 'pending' AND expires_at <= clock_timestamp() ORDER BY expires_at LIMIT 200 FOR UPDATE SKIP LOCKED)
        RETURNING id, requester_id`,
    );
    await appendEvents(
      tx as unknown as Db,
      due.map((r) => ({
        operationId: randomUUID(),
        actor: REQUESTS_ACTOR,
        action: "request.expire" as const,
        target: { type: "request", id: r.id },
        phase: "completed" as const,
        outcome: "success" as const,
      })),
    );
    return due;
  });
  for (const r of rows)
    await notifyUsers(db, [r.requester_id], { kind: "request_expired", subject: r.id, params: { href: `/requests/${r.id}` } });
  if (rows.length) announce("requests");
  return rows.length;
}

/**
 * An approval no one has claimed is left to its approver this long (it carries it out right after
 * the approval's record): were the pass to take it meanwhile, the approval would answer before the
 * operation is recorded, and a crash then would leave a fresh claim that waits 60 s.
 */
const APPROVER_HEAD_START_SECONDS = 10;

/** Approved requests nobody is carrying out: the approver's process died, or its try failed to start. */
async function approvedNotStarted(db: Db): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT r.id FROM access_requests r
      WHERE r.state = 'approved'
        AND ((r.carry_claimed_at IS NULL AND r.decided_at < clock_timestamp() - make_interval(secs => ${APPROVER_HEAD_START_SECONDS}))
          OR r.carry_claimed_at < clock_timestamp() - interval '60 seconds')
        AND (r.job_id IS NULL OR NOT EXISTS (SELECT 1 FROM operations o WHERE o.id = r.job_id))
      ORDER BY r.decided_at LIMIT 20`,
  );
  return rows.map((r) => r.id);
}

/** Login requests whose operation finished: `done` when every instance opened, else `failed` with the first reason. */
async function settleCarriedOut(db: Db): Promise<number> {
  const rows = await queryRows<{ id: string; total: number; bad: number; first_error: string | null }>(
    db,
    sql`SELECT r.id, o.total,
        (SELECT count(*)::int FROM operation_items i WHERE i.operation_id = o.id AND i.state <> 'ok') AS bad,
        (SELECT i.instance_id || ': ' || COALESCE(i.error_code, i.state) || COALESCE(' ' || i.error_message, '') FROM operation_items i
          WHERE i.operation_id = o.id AND i.state <> 'ok' ORDER BY i.seq LIMIT 1) AS first_error
      FROM access_requests r JOIN operations o ON o.id = r.job_id
      WHERE r.state = 'approved' AND o.finished_at IS NOT NULL LIMIT 50`,
  );
  let n = 0;
  for (const r of rows) {
    const bad = Number(r.bad);
    const ok =
      bad === 0
        ? await endRequest(db, r.id, "done")
        : await failRequest(db, r.id, `${bad} of ${Number(r.total)} instances were not opened; first: ${r.first_error ?? "unknown"}`);
    if (ok) n++;
  }
  return n;
}

/**
 * The inbox's login notices: a login closing within 10 minutes (its opener), an expiry close that
 * failed (its opener), a login found open outside the console (operators and admins), an operation
 * that finished with failures (who started it). Each is sent once (the notifications' unique key).
 */
async function notifyLoginEvents(db: Db): Promise<number> {
  let n = 0;
  const closing = await queryRows<{ instance_id: string; opened_by_id: string; audit_operation_id: string | null; expires_at: string }>(
    db,
    sql`UPDATE login_leases SET warned_at = clock_timestamp()
      WHERE state = 'active' AND warned_at IS NULL AND opened_by_id IS NOT NULL AND expires_at IS NOT NULL
        AND expires_at <= clock_timestamp() + make_interval(mins => ${CLOSING_SOON_MINUTES})
      RETURNING instance_id, opened_by_id, audit_operation_id, expires_at`,
  );
  for (const l of closing)
    if (isUuid(l.opened_by_id))
      n += await notifyUsers(db, [l.opened_by_id], {
        kind: "login_closing",
        subject: `${l.instance_id}:${l.audit_operation_id ?? l.expires_at}`,
        params: { instance: l.instance_id, href: `/instances/${encodeURIComponent(l.instance_id)}` },
      });
  const failed = await queryRows<{
    instance_id: string;
    opened_by_id: string;
    close_operation_id: string | null;
    last_error: string | null;
  }>(
    db,
    sql`SELECT instance_id, opened_by_id, close_operation_id, last_error FROM login_leases
      WHERE state = 'failed' AND opened_by_id IS NOT NULL AND updated_at > clock_timestamp() - interval '1 day' LIMIT 100`,
  );
  for (const l of failed)
    if (isUuid(l.opened_by_id))
      n += await notifyUsers(db, [l.opened_by_id], {
        kind: "expiry_failed",
        subject: `${l.instance_id}:${l.close_operation_id ?? ""}`,
        params: { instance: l.instance_id, reason: l.last_error ?? "", href: `/instances/${encodeURIComponent(l.instance_id)}` },
      });
  const drift = await queryRows<{ instance_id: string; audit_operation_id: string }>(
    db,
    sql`SELECT instance_id, audit_operation_id FROM login_drift WHERE found_at > clock_timestamp() - interval '1 day' ORDER BY found_at LIMIT 100`,
  );
  if (drift.length) {
    const staff = await usersWithRoles(db, ["operator", "admin"]);
    for (const d of drift)
      n += await notifyUsers(db, staff, {
        kind: "drift_found",
        subject: d.audit_operation_id,
        params: { instance: d.instance_id, href: `/instances/${encodeURIComponent(d.instance_id)}` },
      });
  }
  const jobs = await queryRows<{ id: string; actor_id: string; total: number; failed: number }>(
    db,
    sql`SELECT o.id, o.actor_id, o.total,
        (SELECT count(*)::int FROM operation_items i WHERE i.operation_id = o.id AND i.state IN ('failed', 'unknown')) AS failed
      FROM operations o
      WHERE o.finished_at > clock_timestamp() - interval '1 hour' AND o.actor_id IS NOT NULL AND o.actor_role <> 'system'
        AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.kind = 'operation_failed' AND n.subject = o.id::text)
      ORDER BY o.finished_at LIMIT 50`,
  );
  for (const j of jobs)
    if (Number(j.failed) > 0 && isUuid(j.actor_id))
      n += await notifyUsers(db, [j.actor_id], {
        kind: "operation_failed",
        subject: j.id,
        params: { failed: Number(j.failed), total: Number(j.total), href: `/operations/${j.id}` },
      });
  return n;
}

const isUuid = (v: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
