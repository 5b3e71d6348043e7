import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Actor } from "../audit/append";
import type { Db } from "../db/client";
import { jobs } from "../db/schema";
import { ConsoleError } from "../errors";
import { matchingInstanceIds } from "../instances/read";
import { fleetIndex } from "../instances/fleet-index/live-index";
import { parseView } from "../instances/list-params";
import { enqueueChunks } from "./enqueue";
import { CHUNK_SIZE } from "./items";
import type { Selection } from "./schema";
import type { JobKind, StartedJob } from "./types";
import { logger } from "../log/logger";
import type { JobRate } from "./job-rate";

const log = logger("engine");

/** What every item of a job shares; a login open adds its duration and reason. */
export interface JobParams {
  keyName: string | null;
  keyGroup: string | null;
  /** Login open: each login closes this many minutes after its own open (null: no expiry). */
  durationMinutes?: number | null;
  reason?: string | null;
  /** The job's own rate control and stop rule (lib/jobs/job-rate.ts). */
  rate?: JobRate;
}

export interface NewJob {
  kind: JobKind;
  selection: Selection;
  params: JobParams;
  actor: Actor;
  sourceIp: string | null;
  userAgent: string | null;
  /** The audit operation of the submission, kept with the job for the history link. */
  submitEventOperationId: string;
}

/** A job over instances already chosen: what the console starts itself (expiry closes). */
export interface RecordedJob {
  kind: JobKind;
  ids: string[];
  params: JobParams & Record<string, unknown>;
  actor: Actor;
  sourceIp: string | null;
  userAgent: string | null;
  selection: string;
  /** Each item's own audit params beyond the job's (e.g. the open an expiry close ends). */
  itemParams?: (instanceId: string) => unknown;
}

export function describeSelection(s: Selection): string {
  if ("ids" in s) return s.ids.length === 1 ? s.ids[0] : `${s.ids.length} selected instances`;
  return `all ${s.expected} instances matching ${s.filter ? `?${s.filter}` : "(no filter)"}`;
}

/** Where ticked ids are looked up: the fleet index (tests give their own). */
export interface StartDeps {
  fleet: () => Promise<{ get(instanceId: string): unknown }>;
}

/** Unknown ids a refusal names at most (the rest are counted). */
const UNKNOWN_IDS_SHOWN = 5;

/**
 * The instance ids a selection names. Ticked ids must all be in the fleet (as last listed): an id
 * that is not would cost an ENS call and an audited item for nothing. "All N matching" is
 * resolved again and must still give N.
 */
export async function resolveSelection(s: Selection, fleet: StartDeps["fleet"] = fleetIndex): Promise<string[]> {
  if ("ids" in s) {
    const ids = [...new Set(s.ids)];
    const index = await fleet();
    const unknown = ids.filter((id) => !index.get(id));
    if (unknown.length) {
      const shown = unknown.slice(0, UNKNOWN_IDS_SHOWN).join(", ");
      const more = unknown.length - Math.min(unknown.length, UNKNOWN_IDS_SHOWN);
      throw new ConsoleError(
        "Console.UnknownInstances",
        `${unknown.length} of the chosen instances ${unknown.length === 1 ? "is" : "are"} not in the fleet: ${shown}${more ? ` and ${more} more` : ""}. Refresh the list and choose again.`,
        undefined,
        { words: { key: "server.unknownInstances", values: { count: unknown.length, ids: shown, more } } },
      );
    }
    return ids;
  }
  const ids = await matchingInstanceIds(parseView(new URLSearchParams(s.filter)));
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
 * Records the job and its items, then puts its chunks on the queue; the engine runs them
 * on whichever console process is free. If this process dies between the two, the engine's sweep
 * enqueues the job (it has no `enqueued_at`).
 */
export async function startJob(db: Db, op: NewJob, deps: StartDeps = { fleet: fleetIndex }): Promise<StartedJob> {
  const t0 = performance.now();
  const ids = await resolveSelection(op.selection, deps.fleet);
  const resolved = performance.now();
  if (!ids.length)
    throw new ConsoleError("Console.InvalidInput", "No instance to act on.", undefined, { words: { key: "server.noInstance" } });
  const id = randomUUID();
  // Not one transaction: on PGlite a transaction holds the database, and 100,000 items written
  // in one would stall every other request for seconds. The job's row comes last, so no
  // reader or worker sees a job whose items are not all written.
  await recordJob(db, id, {
    kind: op.kind,
    ids,
    params: { ...op.params, submittedBy: op.submitEventOperationId },
    actor: op.actor,
    sourceIp: op.sourceIp,
    userAgent: op.userAgent,
    selection: describeSelection(op.selection),
  });
  const recorded = performance.now();
  await enqueueRecorded(db, id, ids.length);
  const ms = (a: number, b: number) => Math.round(b - a);
  log.info(
    {
      operationId: id,
      items: ids.length,
      resolveMs: ms(t0, resolved),
      recordMs: ms(resolved, recorded),
      enqueueMs: ms(recorded, performance.now()),
    },
    "operation started",
  );
  return { operationId: id, total: ids.length };
}

/** Items written per statement: each statement is short, and other requests run between them. */
const ITEMS_PER_INSERT = 500;

/**
 * Writes the job's items, then the job itself (in the caller's transaction, if any);
 * enqueue after. Items written by a process that dies before the job's row are never run
 * (no job row, no queue entry names them). Each statement carries its items as one JSON parameter:
 * building an INSERT of thousands of bound rows costs more than running it.
 */
export async function recordJob(db: Db, id: string, op: RecordedJob): Promise<void> {
  for (let start = 0; start < op.ids.length; start += ITEMS_PER_INSERT) {
    const items = JSON.stringify(
      op.ids.slice(start, start + ITEMS_PER_INSERT).map((instanceId) => [instanceId, op.itemParams?.(instanceId) ?? null]),
    );
    await db.execute(
      sql`INSERT INTO operation_items (operation_id, seq, chunk, instance_id, params)
          SELECT ${id}::uuid, ${start} + s.n - 1, (${start} + s.n - 1) / ${CHUNK_SIZE}, s.e->>0, NULLIF(s.e->1, 'null'::jsonb)
          FROM jsonb_array_elements(${items}::jsonb) WITH ORDINALITY AS s(e, n)`,
    );
  }
  await db.insert(jobs).values({
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
}

/** Puts a recorded job's chunks on the queue; if this fails, the engine's sweep does it. */
export async function enqueueRecorded(db: Db, id: string, total: number): Promise<void> {
  const chunks = Math.ceil(total / CHUNK_SIZE);
  await enqueueJob(db, id, chunks).catch((e) => log.error({ operationId: id, err: e }, "could not enqueue the operation; the sweep will"));
}

export async function enqueueJob(db: Db, jobId: string, chunks: number): Promise<void> {
  await enqueueChunks(Array.from({ length: chunks }, (_, chunk) => ({ operationId: jobId, chunk })));
  await db.execute(sql`UPDATE operations SET enqueued_at = clock_timestamp() WHERE id = ${jobId} AND enqueued_at IS NULL`);
}
