import "server-only";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Actor } from "../audit/append";
import { queryRows, type Db } from "../db/client";
import { jobs, type JobRow } from "../db/schema";
import { ConsoleError } from "../errors";
import { enqueueRecorded, recordJob } from "./start-job";
import type { JobKind, StartedJob } from "./types";

// Follow-ups of a finished job, each a new job linked both ways (params retryOf / revertOf; the
// first job's page finds them by those): retry its failed items, or revert what it changed.

export interface FollowUpBy {
  actor: Actor;
  sourceIp: string | null;
  userAgent: string | null;
  /** Checked before a follow-up that opens logins is recorded (the access policy, personal keys). */
  beforeOpen(key: { keyName: string | null; keyGroup: string | null }): Promise<void>;
}

async function finishedJob(db: Db, id: string): Promise<JobRow> {
  const [op] = await db.select().from(jobs).where(eq(jobs.id, id));
  if (!op) throw new ConsoleError("Console.NotFound", "No such operation.", undefined, { words: { key: "server.noOperation" } });
  if (op.finishedAt === null)
    throw new ConsoleError("Console.InvalidInput", "The operation is still running: wait until it ends.", undefined, {
      words: { key: "server.stillRunning" },
    });
  if (op.actorRole === "system")
    throw new ConsoleError("Console.SystemOperation", "The console started this operation itself; the console retries it.", undefined, {
      words: { key: "server.systemRetry" },
    });
  return op;
}

async function start(
  db: Db,
  kind: JobKind,
  ids: string[],
  params: Record<string, unknown>,
  by: FollowUpBy,
  selection: string,
): Promise<StartedJob> {
  if (kind === "login.open")
    await by.beforeOpen({ keyName: (params.keyName as string | null) ?? null, keyGroup: (params.keyGroup as string | null) ?? null });
  const id = randomUUID();
  await recordJob(db, id, {
    kind,
    ids,
    params: params as never,
    actor: by.actor,
    sourceIp: by.sourceIp,
    userAgent: by.userAgent,
    selection,
  });
  await enqueueRecorded(db, id, ids.length);
  return { operationId: id, total: ids.length };
}

/** A new job over the failed items only (not unknown ones: ENS may have made those), linked to the first. */
export async function retryFailed(db: Db, operationId: string, by: FollowUpBy): Promise<StartedJob> {
  const op = await finishedJob(db, operationId);
  const rows = await queryRows<{ instance_id: string }>(
    db,
    sql`SELECT instance_id FROM operation_items WHERE operation_id = ${operationId}::uuid AND state = 'failed' AND params IS NULL ORDER BY seq`,
  );
  if (!rows.length)
    throw new ConsoleError("Console.InvalidInput", "No item of this operation failed: there is nothing to retry.", undefined, {
      words: { key: "server.nothingFailed" },
    });
  const p = (op.params ?? {}) as Record<string, unknown>;
  const { submittedBy: _s, retryOf: _r, revertOf: _v, ...params } = p;
  return start(
    db,
    op.kind,
    rows.map((r) => r.instance_id),
    { ...params, retryOf: operationId },
    by,
    `${rows.length} failed of operation ${operationId}`,
  );
}

export interface RevertInput {
  operationId: string;
  /** Reverting a close reopens: for how long and why. */
  durationMinutes?: number;
  reason?: string;
}

/**
 * Reverts a finished login job. An open: closes what it opened that is still open and unchanged
 * since (the console's lease is still the one that item wrote). A close: reopens, with the same
 * key, what it closed that is still closed and unchanged since (no login change on the instance
 * after it), for the duration and reason given.
 */
export async function revertJob(db: Db, input: RevertInput, by: FollowUpBy): Promise<StartedJob> {
  const op = await finishedJob(db, input.operationId);
  const p = (op.params ?? {}) as { keyName?: string | null; keyGroup?: string | null; offboarding?: unknown };
  if ((op.kind !== "login.open" && op.kind !== "login.close") || p.offboarding)
    throw new ConsoleError("Console.InvalidInput", "Only an open or a close of logins can be reverted.", undefined, {
      words: { key: "server.notRevertible" },
    });
  const opened = op.kind === "login.open";
  const rows = await queryRows<{ instance_id: string }>(
    db,
    opened
      ? sql`SELECT i.instance_id FROM operation_items i JOIN login_leases l ON l.instance_id = i.instance_id AND l.audit_operation_id = i.audit_operation_id
          WHERE i.operation_id = ${input.operationId}::uuid AND i.state = 'ok' AND l.state = 'active' ORDER BY i.seq`
      : sql`SELECT i.instance_id FROM operation_items i
          WHERE i.operation_id = ${input.operationId}::uuid AND i.state = 'ok'
            AND NOT EXISTS (SELECT 1 FROM login_leases l WHERE l.instance_id = i.instance_id)
            AND NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.target_id = i.instance_id AND e.phase = 'requested'
              AND e.action IN ('login.open', 'login.close', 'login.break_glass', 'login.adopt') AND e.at > i.finished_at)
          ORDER BY i.seq`,
  );
  if (!rows.length)
    throw new ConsoleError(
      "Console.InvalidInput",
      "Nothing this operation changed is left as it left it: there is nothing to revert.",
      undefined,
      {
        words: { key: "server.nothingToRevert" },
      },
    );
  if (!opened && (!input.durationMinutes || !input.reason))
    throw new ConsoleError("Console.InvalidInput", "Reopening needs a duration and a reason.", undefined, {
      words: { key: "server.reopenNeeds" },
    });
  return start(
    db,
    opened ? "login.close" : "login.open",
    rows.map((r) => r.instance_id),
    {
      keyName: p.keyName ?? null,
      keyGroup: p.keyGroup ?? null,
      ...(opened ? {} : { durationMinutes: input.durationMinutes, reason: input.reason }),
      revertOf: input.operationId,
    },
    by,
    `${rows.length} changed by operation ${input.operationId}`,
  );
}
