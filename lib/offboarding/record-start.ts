import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { appendEvents, type Actor } from "../audit/append";
import { queryRows, type Db } from "../db/client";

// The start of an offboarding, without ENS: what a disable (console or CLI) or an SSO sign-in
// that maps to no role writes in its own transaction. The `user.offboard` event is the durable
// request: the offboarding pass (lib/offboarding/pass.ts) records the engine job for every start
// that has none (its id is the event's operation id), so it runs once, whoever wrote it and even
// if that process stopped right after. Not server-only: the users CLI calls it.

/** Who closes the logins, deletes the keys and cancels the requests of an offboarded user. */
export const OFFBOARDING_ACTOR: Actor = { id: null, email: "system:offboarding", role: "system" };

export type OffboardingCause = "user.disable" | "sso.no_role" | "manual";

export interface OffboardedUser {
  id: string;
  email: string;
}

export interface OffboardingStart {
  user: OffboardedUser;
  cause: OffboardingCause;
  /** The audit operation that caused it (the disable), so History links the two. */
  causeOperationId?: string | null;
}

/**
 * Writes the `user.offboard` start (actor system:offboarding) and cancels the user's pending
 * requests, in `tx` (the caller's transaction, under its audit lock or not). Returns the start's
 * audit operation id: the id of the job that will carry it out.
 */
export async function recordOffboardingStart(tx: Db, start: OffboardingStart): Promise<{ operationId: string; requestsCancelled: number }> {
  const operationId = randomUUID();
  await appendEvents(tx, [
    {
      operationId,
      actor: OFFBOARDING_ACTOR,
      action: "user.offboard",
      target: { type: "user", id: start.user.email },
      params: { userId: start.user.id, email: start.user.email, cause: start.cause, causeOperationId: start.causeOperationId ?? null },
      phase: "completed",
      outcome: "success",
    },
  ]);
  const requestsCancelled = await cancelPendingRequests(tx, start.user, operationId);
  return { operationId, requestsCancelled };
}

/** The user's pending requests become `cancelled`, each audited `request.cancel` by system:offboarding. Once: a conditional UPDATE. */
export async function cancelPendingRequests(tx: Db, user: OffboardedUser, offboardOperationId: string): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`UPDATE access_requests SET state = 'cancelled', ended_at = clock_timestamp()
      WHERE requester_id = ${user.id}::uuid AND state = 'pending' RETURNING id`,
  );
  await appendEvents(
    tx,
    rows.map((r) => ({
      operationId: randomUUID(),
      actor: OFFBOARDING_ACTOR,
      action: "request.cancel" as const,
      target: { type: "request", id: r.id },
      params: { reason: "offboarding", offboarding: { userId: user.id, email: user.email, operationId: offboardOperationId } },
      phase: "completed" as const,
      outcome: "success" as const,
    })),
  );
  return rows.length;
}

/** Whether the user has anything an offboarding would take away: a personal key, a pending request. */
export async function hasAccessToRevoke(db: Db, userId: string): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(
    db,
    sql`SELECT 1 AS one WHERE EXISTS (SELECT 1 FROM personal_keys WHERE user_id = ${userId}::uuid AND deleted_at IS NULL)
      OR EXISTS (SELECT 1 FROM access_requests WHERE requester_id = ${userId}::uuid AND state = 'pending')`,
  );
  return rows.length > 0;
}

/**
 * An offboarding of the user already started and not finished (its start not yet on the engine,
 * or its job still running): a second SSO sign-in with no role must not start another.
 */
export async function offboardingUnderway(db: Db, userId: string): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(
    db,
    sql`SELECT 1 AS one WHERE EXISTS (SELECT 1 FROM operations WHERE finished_at IS NULL AND params->'offboarding'->>'userId' = ${userId})
      OR EXISTS (SELECT 1 FROM audit_events e WHERE e.action = 'user.offboard' AND e.params->>'userId' = ${userId}
        AND e.at > clock_timestamp() - interval '1 day' AND NOT EXISTS (SELECT 1 FROM operations o WHERE o.id = e.operation_id))`,
  );
  return rows.length > 0;
}
