import "server-only";
import { randomUUID } from "node:crypto";
import { claimWithin, rateOf, stopIfFailuresExceed, takeJobSlot, type JobRate } from "./job-rate";
import { and, eq, sql } from "drizzle-orm";
import type { Actor, RecordedEvent } from "../audit/append";
import { appendEvent, appendEvents, beginOperation, completionOf } from "../audit/append";
import { auditedOperation, inProgressError, loggedMessage, type AuditedOutcome } from "../audit/audited-operation";
import type { Db } from "../db/client";
import { auditEvents, type AuditEventRow, type JobRow } from "../db/schema";
import type { CallOptions, EnsClient } from "../ens";
import { CONSOLE_ERRORS, ConsoleError, mayHaveTakenEffect, toActionError } from "../errors";
import { instanceChangeGuard } from "../instances/change-guard";
import { instancesReadBack, loginReadBack } from "../instances/fleet-index/live-index";
import { loginFrom } from "../instances/fleet-index/rows";
import { setLogin } from "../logins/set-login";
import { loginApplied } from "../logins/login-applied";
import { loginChanged, stillClaimedBy } from "../logins/leases";
import { expiryFrom } from "../logins/schema";
import {
  cancelChunk,
  claimItem,
  finishIfDone,
  finishItem,
  handBackChunk,
  leaseChunk,
  loadJob,
  markStarted,
  unclaimItem,
  type ItemEnd,
  type LeasedItem,
} from "./items";
import type { ProcessIdentity } from "./processes";
import type { QueuedChunk } from "./enqueue";

export interface WorkerDeps {
  db: Db;
  client: EnsClient;
  me: ProcessIdentity;
  /** Paces every ENS attempt (lib/jobs/ens-pace.ts). */
  pace: NonNullable<CallOptions["beforeAttempt"]>;
  itemConcurrency: number;
  /** True once the process is shutting down: no new item starts. */
  stopping(): boolean;
  /** Items this process is working on now (`<job>:<seq>`), never leased twice here. */
  working: Set<string>;
}

const actorOf = (op: JobRow): Actor => ({ id: op.actorId, email: op.actorEmail, role: op.actorRole });

interface LoginItemParams {
  action: "open" | "close";
  keyName?: string;
  keyGroup?: string;
  /** Open: why, for how long, and when it closes (fixed when the item starts, like a toggle's). */
  reason?: string;
  durationMinutes?: number | null;
  expiresAt?: string | null;
  /** Expiry close: the lease it ends (lib/logins/expire-logins.ts). */
  expiry?: { openOperationId: string | null; openedBy: string | null; reason: string; expiresAt: string | null };
  /** Open carrying out an approved request: the request and who approved it. */
  requestId?: string;
  approvedBy?: string[];
  /** Offboarding close (lib/offboarding): every key of the user delivered to the instance, when more than `keyName`. */
  keyNames?: string[];
}

/** The audit params of one item: its job's, its own, and for an open the expiry from now. */
function itemParams(op: JobRow, item: Pick<LeasedItem, "params">, now = Date.now()): LoginItemParams | Record<string, never> {
  if (op.kind !== "login.open" && op.kind !== "login.close") return {};
  const p = op.params as {
    keyName?: string | null;
    keyGroup?: string | null;
    durationMinutes?: number | null;
    reason?: string | null;
    requestId?: string;
    approvedBy?: string[];
  };
  // A request carried out (lib/requests/carry-out.ts): each item names it and its approvers.
  const request = p.requestId ? { requestId: p.requestId, approvedBy: p.approvedBy ?? [] } : {};
  const base = { keyName: p.keyName ?? undefined, keyGroup: p.keyGroup ?? undefined, ...request, ...(item.params ?? {}) };
  if (op.kind === "login.close") return { action: "close", ...base };
  const minutes = p.durationMinutes ?? null;
  return {
    action: "open",
    ...base,
    reason: p.reason ?? undefined,
    durationMinutes: minutes,
    expiresAt: expiryFrom(minutes ?? undefined, now),
  };
}

function requestedEvent(op: JobRow, instanceId: string, auditOperationId: string, params: unknown): RecordedEvent {
  return {
    operationId: auditOperationId,
    actor: actorOf(op),
    action: op.kind,
    target: { type: "instance", id: instanceId },
    params,
    phase: "requested",
    bulkId: op.id,
    sourceIp: op.sourceIp,
    userAgent: op.userAgent,
  };
}

function endOf<T>(res: AuditedOutcome<T>): ItemEnd {
  if (res.ok) return { state: "ok", requestId: res.ensRequestId };
  return {
    state: res.outcome === "unknown" ? "unknown" : "failed",
    code: res.error.code,
    message: res.error.message,
    requestId: res.ensRequestId,
  };
}

/** Runs `fn` over `items` with at most `n` at a time. */
async function eachLimited<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, lane));
}

/**
 * One queue entry: a chunk of a job's items. Items nobody holds are run; items a stopped
 * process held while their call may have gone out are recovered, never repeated blindly.
 */
export async function runChunk(deps: WorkerDeps, queueJobId: string, job: QueuedChunk): Promise<void> {
  const { db } = deps;
  const op = await loadJob(db, job.operationId);
  if (!op || op.finishedAt) return;
  if (op.cancelRequestedAt) {
    await cancelChunk(db, op.id, job.chunk);
    await finishIfDone(db, op.id);
    return;
  }
  await markStarted(db, op.id);
  const leased = (await leaseChunk(db, deps.me, op.id, job.chunk, queueJobId)).filter((i) => !deps.working.has(`${op.id}:${i.seq}`));
  for (const i of leased) deps.working.add(`${op.id}:${i.seq}`);
  try {
    const fresh: LeasedItem[] = [];
    for (const item of leased) {
      if (item.state === "running" && (await recoverItem(deps, op, item)) === "done") continue;
      fresh.push(item);
    }
    if (op.kind === "instance.reboot") await rebootBatch(deps, op, fresh);
    else await eachLimited(fresh, Math.min(deps.itemConcurrency, rateOf(op)?.maxConcurrent ?? Infinity), (item) => runItem(deps, op, item));
  } finally {
    for (const i of leased) deps.working.delete(`${op.id}:${i.seq}`);
  }
  // Stopped mid-chunk: the items not started go back, and the job fails so the queue runs it again
  // (retryDelay later, here or on another replica); ending it would leave them with no job at all.
  if (deps.stopping()) {
    const handedBack = await handBackChunk(db, deps.me, op.id, job.chunk);
    if (handedBack) throw new ChunkHandedBack(handedBack);
  }
  await finishIfDone(db, op.id);
}

export class ChunkHandedBack extends Error {
  constructor(readonly items: number) {
    super(`stopping: ${items} item(s) not started were handed back to the queue`);
  }
}

async function work(
  deps: WorkerDeps,
  op: JobRow,
  instanceId: string,
  params: unknown,
  auditOperationId: string,
  ctx: Parameters<Parameters<typeof auditedOperation>[2]>[0],
) {
  const opts: CallOptions = { beforeAttempt: deps.pace };
  if (op.kind === "login.open" || op.kind === "login.close") {
    const p = params as LoginItemParams;
    // An expiry close runs only while the lease it ends is still the one it claimed: a login
    // opened again or closed since is left alone (the in-flight guard holds from here on).
    if (p.expiry && !(await stillClaimedBy(deps.db, instanceId, op.id))) throw new ConsoleError("Console.LeaseChanged");
    // An offboarding close takes away each of the user's keys on the instance, the others first;
    // the last one's answer decides the item and its read-back.
    for (const other of (p.keyNames ?? []).filter((k) => k !== p.keyName))
      await deps.client.manageAicLogin({ InstanceId: instanceId, ActionName: "close", KeyName: other }, opts);
    return setLogin(
      deps.client,
      { instanceId, action: p.action, keyName: p.keyName, keyGroup: p.keyGroup, reason: p.reason, expiresAt: p.expiresAt ?? null },
      ctx.decided,
      { db: deps.db, actor: actorOf(op), auditOperationId },
      opts,
    );
  }
  try {
    const res = await deps.client.resetAicInstance({ InstanceId: instanceId }, opts);
    ctx.setEnsRequestId(res.RequestId);
    return null;
  } finally {
    void instancesReadBack(deps.db, deps.client, [instanceId], opts);
  }
}

async function runItem(deps: WorkerDeps, op: JobRow, item: LeasedItem): Promise<void> {
  if (deps.stopping()) return;
  if (typeof item.params?.deleteKey === "string") return runKeyDelete(deps, op, item, item.params.deleteKey);
  const auditOperationId = randomUUID();
  const rate = rateOf(op);
  if (!(await claimRated(deps, op, item, auditOperationId, rate))) return; // cancelled meanwhile
  const params = itemParams(op, item);
  const res = await auditedOperation(
    deps.db,
    requestedEvent(op, item.instanceId, auditOperationId, params),
    (ctx) => work(deps, op, item.instanceId, params, auditOperationId, ctx),
    {
      guard: instanceChangeGuard(item.instanceId),
    },
  );
  const end = endOf(res);
  await finishItem(deps.db, op.id, item.seq, end);
  if (rate && end.state !== "ok") await stopIfFailuresExceed(deps.db, op, rate);
}

/** Claims the item within the job's own rate (its per-second slot, at most K at once), or as any other. */
async function claimRated(
  deps: WorkerDeps,
  op: JobRow,
  item: LeasedItem,
  auditOperationId: string,
  rate: JobRate | null,
): Promise<boolean> {
  if (rate?.maxPerSecond) await takeJobSlot(deps.db, op.id, rate.maxPerSecond);
  if (!rate?.maxConcurrent) return claimItem(deps.db, op.id, item.seq, auditOperationId);
  for (;;) {
    const r = await claimWithin(deps.db, op.id, item.seq, auditOperationId, rate.maxConcurrent);
    if (r !== "busy") return r === "claimed";
    if (deps.stopping()) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * An offboarding's key item (lib/offboarding): deletes one personal key from ENS, audited
 * `key.delete_personal` by the job's actor. Checked first, so it is never sent for a key already
 * gone (it counts as deleted) and the recovery after a crash can run it again: still delivered →
 * `Console.KeyInUse`, nothing sent.
 */
function keyDeleteEvent(op: JobRow, item: LeasedItem, keyName: string, auditOperationId: string): RecordedEvent {
  return {
    operationId: auditOperationId,
    actor: actorOf(op),
    action: "key.delete_personal",
    target: { type: "key", id: keyName },
    params: { keyName, offboarding: item.params?.offboarding ?? null },
    phase: "requested",
    bulkId: op.id,
    sourceIp: op.sourceIp,
    userAgent: op.userAgent,
  };
}

async function deleteOffboardedKey(
  deps: WorkerDeps,
  keyName: string,
  setRequestId: (id: string) => void,
): Promise<{ alreadyGone: boolean }> {
  const opts: CallOptions = { beforeAttempt: deps.pace };
  const delivered = await deps.client.listAllPublicKeyDeliveries({ KeyName: keyName }, opts);
  if (delivered.some((d) => d.KeyName === keyName))
    throw new ConsoleError(
      "Console.KeyInUse",
      `Key ${keyName} is still delivered to ${delivered.length} instance(s). Close login on them first.`,
      undefined,
      { words: { key: "server.keyInUse", values: { keyName, count: delivered.length } } },
    );
  const listed = await deps.client.listAicPublicKeys({ KeyName: keyName }, opts);
  const exists = (listed.PublicKeys ?? []).some((k) => k.KeyName === keyName);
  if (exists) {
    try {
      setRequestId((await deps.client.deleteAicPublicKey({ KeyName: keyName }, opts)).RequestId);
    } catch (e) {
      // Gone meanwhile (deleted by a run that stopped before it could record it).
      if (toActionError(e).code !== "InvalidParameter.KeyName") throw e;
    }
  }
  await deps.db.execute(sql`UPDATE personal_keys SET deleted_at = clock_timestamp() WHERE key_name = ${keyName} AND deleted_at IS NULL`);
  return { alreadyGone: !exists };
}

async function runKeyDelete(deps: WorkerDeps, op: JobRow, item: LeasedItem, keyName: string): Promise<void> {
  const auditOperationId = randomUUID();
  if (!(await claimItem(deps.db, op.id, item.seq, auditOperationId))) return;
  const res = await auditedOperation(
    deps.db,
    keyDeleteEvent(op, item, keyName, auditOperationId),
    (ctx) => deleteOffboardedKey(deps, keyName, ctx.setEnsRequestId),
    { auditResult: (r) => r },
  );
  await finishItem(deps.db, op.id, item.seq, endOf(res));
}

/** One RebootAICInstance call for the chunk (up to 20 InstanceIds); each instance is its own audited operation. */
async function rebootBatch(deps: WorkerDeps, op: JobRow, items: LeasedItem[]): Promise<void> {
  const { db } = deps;
  const begun: { item: LeasedItem; requested: AuditEventRow }[] = [];
  for (const item of items) {
    if (deps.stopping()) break;
    const auditOperationId = randomUUID();
    if (!(await claimItem(db, op.id, item.seq, auditOperationId))) continue;
    const requested = requestedEvent(op, item.instanceId, auditOperationId, itemParams(op, item));
    const res = await beginOperation(db, requested, instanceChangeGuard(item.instanceId));
    if (res.ok) {
      begun.push({ item, requested: res.event });
      continue;
    }
    const error = inProgressError(item.instanceId, res.inFlightBy);
    await appendEvent(db, { ...requested, phase: "completed", outcome: "failure", errorCode: error.code, errorMessage: error.message });
    await finishItem(db, op.id, item.seq, { state: "failed", code: error.code, message: error.message });
  }
  if (!begun.length) return;
  const started = performance.now();
  let end: ItemEnd;
  try {
    const res = await deps.client.rebootAicInstance({ InstanceIds: begun.map((b) => b.item.instanceId) }, { beforeAttempt: deps.pace });
    end = { state: "ok", requestId: res.RequestId };
  } catch (e) {
    const error = toActionError(e);
    end = {
      state: mayHaveTakenEffect(e) ? "unknown" : "failed",
      code: error.code,
      message: error.message,
      requestId: error.requestId ?? null,
    };
  } finally {
    void instancesReadBack(
      db,
      deps.client,
      begun.map((b) => b.item.instanceId),
      { beforeAttempt: deps.pace },
    );
  }
  const durationMs = Math.round(performance.now() - started);
  await appendEvents(
    db,
    begun.map((b) =>
      completionOf(b.requested, {
        outcome: end.state === "ok" ? "success" : end.state === "unknown" ? "unknown" : "failure",
        ensRequestId: end.requestId ?? null,
        errorCode: end.code ?? null,
        errorMessage: end.message ?? null,
        durationMs,
      }),
    ),
  );
  for (const b of begun) await finishItem(db, op.id, b.item.seq, end);
}

async function eventsOf(db: Db, auditOperationId: string): Promise<{ requested?: AuditEventRow; completed?: AuditEventRow }> {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.operationId, auditOperationId)));
  return { requested: rows.find((r) => r.phase === "requested"), completed: rows.find((r) => r.phase === "completed") };
}

function endFromCompleted(c: AuditEventRow): ItemEnd {
  const state = c.outcome === "success" ? "ok" : c.outcome === "unknown" ? "unknown" : "failed";
  return { state, code: c.errorCode, message: c.errorMessage, requestId: c.ensRequestId };
}

/**
 * An item a stopped process left `running`. Its audit operation tells how far it got: completed →
 * copy the outcome; never requested → the call never went out, run it; requested only → the call
 * may have reached ENS: a login change is read back and recorded as ENS shows it, a reboot or
 * reset is recorded `unknown` and never sent again.
 */
async function recoverItem(deps: WorkerDeps, op: JobRow, item: LeasedItem): Promise<"done" | "run"> {
  const { db } = deps;
  const { requested, completed } = item.auditOperationId ? await eventsOf(db, item.auditOperationId) : {};
  if (completed) {
    await finishItem(db, op.id, item.seq, endFromCompleted(completed));
    return "done";
  }
  if (!requested) {
    await unclaimItem(db, op.id, item.seq);
    item.state = "pending";
    return "run";
  }
  let end: ItemEnd;
  let result: unknown;
  let retry = false;
  if (typeof item.params?.deleteKey === "string") {
    // A key deletion is checked before it is sent, so running it again deletes the key at most once.
    try {
      let requestId: string | null = null;
      result = await deleteOffboardedKey(deps, item.params.deleteKey, (id) => void (requestId = id));
      end = { state: "ok", requestId };
    } catch (e) {
      const error = toActionError(e);
      end = {
        state: mayHaveTakenEffect(e) ? "unknown" : "failed",
        code: error.code,
        message: error.message,
        requestId: error.requestId ?? null,
      };
    }
  } else if (op.kind === "login.open" || op.kind === "login.close") {
    try {
      const deliveries = await deps.client.listAllPublicKeyDeliveries({ InstanceId: item.instanceId }, { beforeAttempt: deps.pace });
      await loginReadBack(db, item.instanceId, deliveries);
      const p = (requested.params ?? {}) as LoginItemParams;
      const action = op.kind === "login.open" ? "open" : "close";
      const applied = p.keyNames?.length
        ? p.keyNames.every((keyName) => loginApplied(action, { keyName }, deliveries))
        : loginApplied(action, p, deliveries);
      // An offboarding's close that ENS shows not made is run again: closing is convergent, and
      // the offboarding exists to take the login away (its keys are deleted only once it is gone).
      // So is an approved request's open: opening with the same key is convergent too, and the
      // approval stands (the requester should not have to ask again because the console stopped).
      retry = !applied && (!!item.params?.offboarding || (op.kind === "login.open" && !!(op.params as { requestId?: string }).requestId));
      result = { resolvedBy: "read-back after a restart", login: loginFrom(deliveries) };
      if (applied)
        await loginChanged(db, {
          instanceId: item.instanceId,
          action: p.action,
          actor: actorOf(op),
          auditOperationId: requested.operationId,
          keyName: p.keyName,
          keyGroup: p.keyGroup,
          expiresAt: p.expiresAt ?? null,
          reason: p.reason,
        });
      end = applied
        ? { state: "ok" }
        : { state: "failed", code: "Console.NotApplied", message: CONSOLE_ERRORS["Console.NotApplied"].message };
    } catch (e) {
      const error = toActionError(e);
      end = {
        state: "unknown",
        code: "Console.OutcomeUnknown",
        message: `The console stopped during the call and could not read it back: ${loggedMessage(error)}`,
      };
    }
  } else {
    end = {
      state: "unknown",
      code: "Console.OutcomeUnknown",
      message: `The console stopped during the ${op.kind === "instance.reboot" ? "reboot" : "reset"} call; it is never sent twice. Check the instance's state.`,
    };
  }
  try {
    await appendEvent(
      db,
      completionOf(requested, {
        outcome: end.state === "ok" ? "success" : end.state === "unknown" ? "unknown" : "failure",
        errorCode: end.code ?? null,
        errorMessage: end.message ?? null,
        ensRequestId: end.requestId ?? null,
        result,
      }),
    );
  } catch (e) {
    // Closed meanwhile (the start-up reconcile, or another replica): that record stands.
    const again = await eventsOf(db, requested.operationId);
    if (!again.completed) throw e;
    end = endFromCompleted(again.completed);
    retry = false;
  }
  if (retry) {
    await unclaimItem(db, op.id, item.seq);
    item.state = "pending";
    return "run";
  }
  await finishItem(db, op.id, item.seq, end);
  return "done";
}
