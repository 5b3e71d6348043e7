import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Actor } from "../audit/append";
import type { Db } from "../db/client";
import { operationItems, operations } from "../db/schema";
import { ConsoleError } from "../errors";
import { matchingInstances } from "../instances/fleet";
import { parseView } from "../instances/view";
import { currentEngine } from "./engine";
import type { Selection } from "./schema";
import type { OperationKind, StartedOperation } from "./types";
import { logger } from "../log/logger";

const log = logger("engine");

/** Items per engine job: RebootAICInstance takes up to 20 InstanceIds in one call. */
export const CHUNK_SIZE = 20;

/** What every item of an operation shares; a login open adds its duration and reason. */
export interface OperationParams {
  keyName: string | null;
  keyGroup: string | null;
  /** Login open: each login closes this many minutes after its own open (null: no expiry). */
  durationMinutes?: number | null;
  reason?: string | null;
}

export interface NewOperation {
  kind: OperationKind;
  selection: Selection;
  params: OperationParams;
  actor: Actor;
  sourceIp: string | null;
  userAgent: string | null;
  /** The audit operation of the submission, kept with the operation for the history link. */
  submitEventOperationId: string;
}

/** An operation over instances already chosen: what the console starts itself (expiry closes). */
export interface RecordedOperation {
  kind: OperationKind;
  ids: string[];
  params: OperationParams & Record<string, unknown>;
  actor: Actor;
  sourceIp: string | null;
  userAgent: string | null;
  selection: string;
  /** Each item's own audit params beyond the operation's (e.g. the open an expiry close ends). */
  itemParams?: (instanceId: string) => unknown;
}

export function describeSelection(s: Selection): string {
  if ("ids" in s) return s.ids.length === 1 ? s.ids[0] : `${s.ids.length} selected instances`;
  return `all ${s.expected} instances matching ${s.filter ? `?${s.filter}` : "(no filter)"}`;
}

/** The instance ids a selection names; "all N matching" is resolved again and must still give N. */
async function resolveSelection(s: Selection): Promise<string[]> {
  if ("ids" in s) return [...new Set(s.ids)];
  const ids = (await matchingInstances(parseView(new URLSearchParams(s.filter)))).map((r) => r.id);
  if (ids.length !== s.expected)
    throw new ConsoleError(
      "Console.SelectionChanged",
      `The list changed since you chose: ${ids.length} instance${ids.length === 1 ? "" : "s"} now match, not ${s.expected}. Review them and try again.`,
      undefined,
      { words: { key: "server.selectionChanged", values: { count: ids.length, expected: s.expected } } },
    );
  return ids;
}

/**
 * Records the operation and its items, then puts its chunks on the queue; the engine runs them
 * on whichever console process is free. If this process dies between the two, the engine's sweep
 * enqueues the operation (it has no `enqueued_at`).
 */
export async function startOperation(db: Db, op: NewOperation): Promise<StartedOperation> {
  const ids = await resolveSelection(op.selection);
  if (!ids.length)
    throw new ConsoleError("Console.InvalidInput", "No instance to act on.", undefined, { words: { key: "server.noInstance" } });
  const id = randomUUID();
  await db.transaction((tx) =>
    recordOperation(tx, id, {
      kind: op.kind,
      ids,
      params: { ...op.params, submittedBy: op.submitEventOperationId },
      actor: op.actor,
      sourceIp: op.sourceIp,
      userAgent: op.userAgent,
      selection: describeSelection(op.selection),
    }),
  );
  await enqueueRecorded(db, id, ids.length);
  return { operationId: id, total: ids.length };
}

/** Writes the operation and its items (inside the caller's transaction); enqueue after commit. */
export async function recordOperation(tx: Db, id: string, op: RecordedOperation): Promise<void> {
  await tx.insert(operations).values({
    id,
    kind: op.kind,
    actorId: op.actor.id,
    actorEmail: op.actor.email,
    actorRole: op.actor.role,
    sourceIp: op.sourceIp,
    userAgent: op.userAgent,
    params: op.params,
    selection: op.selection,
    total: op.ids.length,
  });
  for (let start = 0; start < op.ids.length; start += 1000) {
    await tx.insert(operationItems).values(
      op.ids.slice(start, start + 1000).map((instanceId, k) => {
        const seq = start + k;
        return { operationId: id, seq, chunk: Math.floor(seq / CHUNK_SIZE), instanceId, params: op.itemParams?.(instanceId) ?? null };
      }),
    );
  }
}

/** Puts a recorded operation's chunks on the queue; if this fails, the engine's sweep does it. */
export async function enqueueRecorded(db: Db, id: string, total: number): Promise<void> {
  const chunks = Math.ceil(total / CHUNK_SIZE);
  await enqueueOperation(db, id, chunks).catch((e) =>
    log.error({ operationId: id, err: e }, "could not enqueue the operation; the sweep will"),
  );
}

export async function enqueueOperation(db: Db, operationId: string, chunks: number): Promise<void> {
  await currentEngine().enqueue(Array.from({ length: chunks }, (_, chunk) => ({ operationId, chunk })));
  await db.execute(sql`UPDATE operations SET enqueued_at = clock_timestamp() WHERE id = ${operationId} AND enqueued_at IS NULL`);
}
