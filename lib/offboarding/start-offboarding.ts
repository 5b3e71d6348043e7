import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import type { CallOptions, EnsClient } from "../ens";
import { announce } from "../live/bus";
import { logger } from "../log/logger";
import { OFFBOARDING_ACTOR, type OffboardedUser } from "./record-start";

const log = logger("offboarding");

// An offboarding on the engine: one job (stored as a `login.close` job whose params name the
// offboarding; /operations shows its kind as `Offboarding`) with
// - one close item per instance where a login is open with one of the user's personal keys (ENS's
//   deliveries of each key, and the console's leases), closing only those keys, audited
//   `login.close` by system:offboarding, read back and recovered like any close;
// - one delete item per key (instance_id holds the key's name), in chunk -1, which nothing enqueues
//   until every close item has ended (the offboarding pass does): a key still delivered cannot be
//   deleted. Audited `key.delete_personal` by system:offboarding; a key already gone counts as deleted.
// Its id is the `user.offboard` start's audit operation id, so a start is recorded once.

/** The chunk of the key deletions: enqueued by the offboarding pass once every close has ended. */
export const KEYS_CHUNK = -1;
/** Items per job chunk (lib/jobs/items.ts CHUNK_SIZE). */
const CHUNK_SIZE = 20;

/** What the offboarding's job params and items carry about it. */
export interface OffboardingRef {
  userId: string;
  email: string;
  /** The `user.offboard` start (= the job's id). */
  operationId: string;
  cause: string;
  causeOperationId: string | null;
}

export interface OffboardingDeps {
  /** Puts a recorded job's chunks 0.. on the queue (lib/jobs/start-job.ts enqueueRecorded). */
  enqueueRecorded(db: Db, jobId: string, total: number): Promise<void>;
  callOptions?: CallOptions;
}

export type StartOutcome =
  | { state: "started"; jobId: string; logins: number; keys: number }
  | { state: "nothing"; logins: 0; keys: 0 }
  | { state: "recorded"; jobId: string }
  | { state: "busy"; jobId: string };

/** An offboarding of the user still running (not this one). */
export async function runningOffboarding(db: Db, userId: string, except?: string): Promise<string | null> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM operations WHERE finished_at IS NULL AND params->'offboarding'->>'userId' = ${userId}
      ${except ? sql`AND id <> ${except}::uuid` : sql``} ORDER BY created_at LIMIT 1`,
  );
  return row?.id ?? null;
}

/**
 * Finds what the user can still log in with and records the job that takes it away. `start.at`:
 * keys made after the start (the user was enabled again since) are not the offboarding's.
 */
export async function startOffboarding(
  db: Db,
  client: EnsClient,
  start: { operationId: string; user: OffboardedUser; cause: string; causeOperationId: string | null; at?: Date | string | null },
  deps: OffboardingDeps,
): Promise<StartOutcome> {
  const jobId = start.operationId;
  const [existing] = await queryRows<{ id: string }>(db, sql`SELECT id FROM operations WHERE id = ${jobId}::uuid`);
  if (existing) return { state: "recorded", jobId };
  const busy = await runningOffboarding(db, start.user.id, jobId);
  if (busy) return { state: "busy", jobId: busy };
  const keys = (
    await queryRows<{ key_name: string }>(
      db,
      sql`SELECT key_name FROM personal_keys WHERE user_id = ${start.user.id}::uuid AND deleted_at IS NULL
        ${start.at ? sql`AND created_at <= ${new Date(start.at).toISOString()}::timestamptz` : sql``} ORDER BY key_name`,
    )
  ).map((r) => r.key_name);
  if (!keys.length) return { state: "nothing", logins: 0, keys: 0 };

  // Every instance a login is open on with one of the keys: ENS's deliveries, and the console's leases.
  const byInstance = new Map<string, Set<string>>();
  const add = (instanceId: string, keyName: string) => {
    if (!byInstance.has(instanceId)) byInstance.set(instanceId, new Set());
    byInstance.get(instanceId)!.add(keyName);
  };
  for (const keyName of keys)
    for (const d of await client.listAllPublicKeyDeliveries({ KeyName: keyName }, deps.callOptions ?? {}))
      if (d.KeyName === keyName && d.InstanceId) add(d.InstanceId, keyName);
  const leases = await queryRows<{ instance_id: string; key_name: string }>(
    db,
    sql`SELECT instance_id, key_name FROM login_leases WHERE key_name IN (${sql.join(
      keys.map((k) => sql`${k}`),
      sql`, `,
    )})`,
  );
  for (const l of leases) add(l.instance_id, l.key_name);
  const instances = [...byInstance.keys()].sort();

  const ref: OffboardingRef = {
    userId: start.user.id,
    email: start.user.email,
    operationId: start.operationId,
    cause: start.cause,
    causeOperationId: start.causeOperationId,
  };
  const who = { userId: ref.userId, email: ref.email, operationId: ref.operationId };
  const items = [
    ...instances.map((instanceId, seq) => {
      const ks = [...byInstance.get(instanceId)!].sort();
      return {
        seq,
        chunk: Math.floor(seq / CHUNK_SIZE),
        id: instanceId,
        params: { keyName: ks[0], ...(ks.length > 1 ? { keyNames: ks } : {}), offboarding: who },
      };
    }),
    ...keys.map((keyName, i) => ({
      seq: instances.length + i,
      chunk: KEYS_CHUNK,
      id: keyName,
      params: { deleteKey: keyName, offboarding: who },
    })),
  ];
  try {
    // One transaction: a few hundred rows at most (one user's logins); the job's row last.
    await db.transaction(async (t) => {
      const tx = t as unknown as Db;
      await tx.execute(
        sql`INSERT INTO operation_items (operation_id, seq, chunk, instance_id, params)
          SELECT ${jobId}::uuid, (e->>'seq')::int, (e->>'chunk')::int, e->>'id', e->'params'
          FROM jsonb_array_elements(${JSON.stringify(items)}::jsonb) AS e`,
      );
      await tx.execute(
        sql`INSERT INTO operations (id, kind, actor_id, actor_email, actor_role, source_ip, user_agent, params, selection, total)
          VALUES (${jobId}::uuid, 'login.close', NULL, ${OFFBOARDING_ACTOR.email}, ${OFFBOARDING_ACTOR.role}, NULL, NULL,
            ${JSON.stringify({ keyName: null, keyGroup: null, reason: "offboarding", offboarding: { ...ref, keyNames: keys } })}::jsonb,
            ${`${instances.length} login${instances.length === 1 ? "" : "s"} and ${keys.length} key${keys.length === 1 ? "" : "s"} of ${ref.email}`},
            ${items.length})`,
      );
    });
  } catch (e) {
    // Recorded meanwhile by another process (the pass, another replica): its job stands.
    const [again] = await queryRows<{ id: string }>(db, sql`SELECT id FROM operations WHERE id = ${jobId}::uuid`);
    if (again) return { state: "recorded", jobId };
    throw e;
  }
  await deps.enqueueRecorded(db, jobId, instances.length);
  announce("operations");
  log.info({ operationId: jobId, user: ref.email, logins: instances.length, keys: keys.length }, "offboarding started");
  return { state: "started", jobId, logins: instances.length, keys: keys.length };
}
