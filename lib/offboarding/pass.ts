import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import type { EnsClient } from "../ens";
import { toActionError } from "../errors";
import { logger } from "../log/logger";
import { KEYS_CHUNK, startOffboarding, type OffboardingDeps } from "./start-offboarding";

const log = logger("offboarding");

// The offboarding pass, run by every console process (lib/startup.ts gives it to the engine as an
// extra pass). Both steps are safe to run twice or on two replicas at once:
// 1. every `user.offboard` start of the last day that has no job yet gets one (its id is the
//    start's operation id, so a second recording fails and the first stands): a disable from the
//    users CLI, an SSO sign-in with no role, or a console that stopped right after the disable;
// 2. an offboarding whose closes have all ended gets its key deletions (chunk -1) enqueued; a
//    second entry is harmless (items are leased with conditional UPDATEs).

export const OFFBOARDING_PASS = "offboarding";
const PERIOD_MS = 5000;
/** An enqueued key chunk nobody leased after this long is enqueued again (its queue entry was lost). */
const REENQUEUE_AFTER_S = 120;

export interface OffboardingPassDeps extends OffboardingDeps {
  /** Puts chunks on the queue of this process's engine (lib/jobs/enqueue.ts enqueueChunks). */
  enqueueChunks(chunks: { operationId: string; chunk: number }[]): Promise<void>;
}

/** The pass as the engine runs it (lib/jobs/passes.ts `ExtraPass`). */
export function offboardingPass(deps: OffboardingPassDeps) {
  return {
    name: OFFBOARDING_PASS,
    periodMs: PERIOD_MS,
    run: async (db: Db, ens: EnsClient) => {
      const r = await runOffboardingPass(db, ens, deps);
      if (r.started || r.keysQueued) log.info({ pass: OFFBOARDING_PASS, ...r }, "offboardings started or their keys queued");
    },
  };
}

export async function runOffboardingPass(
  db: Db,
  client: EnsClient,
  deps: OffboardingPassDeps,
): Promise<{ started: number; keysQueued: number }> {
  let started = 0;
  for (const s of await startsWithoutJob(db)) {
    try {
      const r = await startOffboarding(
        db,
        client,
        {
          operationId: s.operation_id,
          user: { id: s.user_id, email: s.email },
          cause: s.cause ?? "manual",
          causeOperationId: s.cause_operation_id,
          at: s.at,
        },
        deps,
      );
      if (r.state === "started") started++;
    } catch (e) {
      // ENS did not answer: the next pass tries again.
      log.warn({ operationId: s.operation_id, code: toActionError(e).code }, "could not start an offboarding; trying again");
    }
  }
  return { started, keysQueued: await queueKeyDeletions(db, deps) };
}

/** Starts of the last day with no job whose user still has a key from before the start. */
async function startsWithoutJob(db: Db) {
  return queryRows<{
    operation_id: string;
    user_id: string;
    email: string;
    cause: string | null;
    cause_operation_id: string | null;
    at: Date | string;
  }>(
    db,
    sql`SELECT e.operation_id, e.params->>'userId' AS user_id, e.params->>'email' AS email, e.params->>'cause' AS cause,
        e.params->>'causeOperationId' AS cause_operation_id, e.at
      FROM audit_events e
      WHERE e.action = 'user.offboard' AND e.phase = 'completed' AND e.outcome = 'success' AND e.at > clock_timestamp() - interval '1 day'
        AND e.params->>'userId' IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM operations o WHERE o.id = e.operation_id)
        AND EXISTS (SELECT 1 FROM personal_keys k WHERE k.user_id::text = e.params->>'userId' AND k.deleted_at IS NULL AND k.created_at <= e.at)
      ORDER BY e.at LIMIT 20`,
  );
}

/** Offboardings whose closes have all ended: their key deletions go on the queue. */
async function queueKeyDeletions(db: Db, deps: OffboardingPassDeps): Promise<number> {
  const ready = await queryRows<{ id: string }>(
    db,
    sql`SELECT o.id FROM operations o
      WHERE o.finished_at IS NULL AND o.params ? 'offboarding' AND o.cancel_requested_at IS NULL
        AND (NOT o.params ? 'keysQueuedAt' OR (o.params->>'keysQueuedAt')::timestamptz < clock_timestamp() - make_interval(secs => ${REENQUEUE_AFTER_S}))
        AND NOT EXISTS (SELECT 1 FROM operation_items i WHERE i.operation_id = o.id AND i.chunk <> ${KEYS_CHUNK} AND i.state IN ('pending', 'running'))
        AND EXISTS (SELECT 1 FROM operation_items i WHERE i.operation_id = o.id AND i.chunk = ${KEYS_CHUNK} AND i.state = 'pending' AND i.owner IS NULL)
      ORDER BY o.created_at LIMIT 50`,
  );
  for (const r of ready) {
    await deps.enqueueChunks([{ operationId: r.id, chunk: KEYS_CHUNK }]);
    await db.execute(
      sql`UPDATE operations SET params = params || jsonb_build_object('keysQueuedAt', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
        WHERE id = ${r.id}::uuid`,
    );
  }
  return ready.length;
}
