import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Actor } from "../audit/append";
import type { Db } from "../db/client";
import { operationItems, operations } from "../db/schema";
import { ConsoleError } from "../errors";
import { getFleet } from "../instances/fleet";
import { applyView, parseView } from "../instances/view";
import { currentEngine } from "./engine";
import type { Selection } from "./schema";
import type { OperationKind, StartedOperation } from "./types";

/** Items per engine job: RebootAICInstance takes up to 20 InstanceIds in one call. */
export const CHUNK_SIZE = 20;

export interface NewOperation {
  kind: OperationKind;
  selection: Selection;
  params: { keyName: string | null; keyGroup: string | null };
  actor: Actor;
  sourceIp: string | null;
  userAgent: string | null;
  /** The audit operation of the submission, kept with the operation for the history link. */
  submitEventOperationId: string;
}

export function describeSelection(s: Selection): string {
  if ("ids" in s) return s.ids.length === 1 ? s.ids[0] : `${s.ids.length} selected instances`;
  return `all ${s.expected} instances matching ${s.filter ? `?${s.filter}` : "(no filter)"}`;
}

/** The instance ids a selection names; "all N matching" is resolved again and must still give N. */
async function resolveSelection(s: Selection): Promise<string[]> {
  if ("ids" in s) return [...new Set(s.ids)];
  const { rows } = await getFleet();
  const ids = applyView(rows, parseView(new URLSearchParams(s.filter))).map((r) => r.id);
  if (ids.length !== s.expected)
    throw new ConsoleError(
      "Console.SelectionChanged",
      `The list changed since you chose: ${ids.length} instance${ids.length === 1 ? "" : "s"} now match, not ${s.expected}. Review them and try again.`,
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
  if (!ids.length) throw new ConsoleError("Console.InvalidInput", "No instance to act on.");
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(operations).values({
      id,
      kind: op.kind,
      actorId: op.actor.id,
      actorEmail: op.actor.email,
      actorRole: op.actor.role,
      sourceIp: op.sourceIp,
      userAgent: op.userAgent,
      params: { ...op.params, submittedBy: op.submitEventOperationId },
      selection: describeSelection(op.selection),
      total: ids.length,
    });
    for (let start = 0; start < ids.length; start += 1000) {
      await tx.insert(operationItems).values(
        ids.slice(start, start + 1000).map((instanceId, k) => {
          const seq = start + k;
          return { operationId: id, seq, chunk: Math.floor(seq / CHUNK_SIZE), instanceId };
        }),
      );
    }
  });
  const chunks = Math.ceil(ids.length / CHUNK_SIZE);
  await enqueueOperation(db, id, chunks).catch((e) =>
    console.error(`[engine] could not enqueue operation ${id}; the sweep will (${(e as Error).message})`),
  );
  return { operationId: id, total: ids.length };
}

export async function enqueueOperation(db: Db, operationId: string, chunks: number): Promise<void> {
  await currentEngine().enqueue(Array.from({ length: chunks }, (_, chunk) => ({ operationId, chunk })));
  await db.execute(sql`UPDATE operations SET enqueued_at = clock_timestamp() WHERE id = ${operationId} AND enqueued_at IS NULL`);
}
