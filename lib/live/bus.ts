import "server-only";
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { sql } from "drizzle-orm";
import type { DbHandle } from "../db/handle";
import { peekProcessSingleton, processSingleton } from "../singleton";
import type { ChangeKind, LiveChange } from "./changes";
import { logger } from "../log/logger";
import { LIVE_CHANNEL } from "./sessions-ended";

const log = logger("live");

// Live updates across console processes: a change announced here reaches this process's
// listeners (the /api/events streams) and, through PostgreSQL NOTIFY (PGlite: in-process), every
// other process on the database, whose caches drop what changed and whose streams pass it on.
// Announcements are coalesced for COALESCE_MS, so a bulk run of 1,000 items is a few events.

const CHANNEL = LIVE_CHANNEL;
const SESSIONS_ENDED = "sessions-ended";
const COALESCE_MS = 100;

interface Bus {
  origin: string;
  emitter: EventEmitter;
  pending: Set<ChangeKind>;
  timer: NodeJS.Timeout | null;
  /** Set once startLiveBridge runs: sends a batch to the other processes. */
  notify: ((payload: string) => Promise<void>) | null;
  remoteHandlers: Set<(c: LiveChange) => void | Promise<void>>;
}

const bus = () =>
  processSingleton<Bus>("live-bus", () => {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    return { origin: randomUUID(), emitter, pending: new Set(), timer: null, notify: null, remoteHandlers: new Set() };
  });

function flush(b: Bus) {
  b.timer = null;
  if (!b.pending.size) return;
  const change: LiveChange = { kinds: [...b.pending] };
  b.pending.clear();
  b.emitter.emit("change", change);
  void b.notify?.(JSON.stringify({ origin: b.origin, ...change })).catch((e) => log.error({ err: e }, "notify failed"));
}

/** Something of these kinds changed in this process: tell this process's streams and the others. */
export function announce(...kinds: ChangeKind[]): void {
  const b = bus();
  for (const k of kinds) b.pending.add(k);
  b.timer ??= setTimeout(() => flush(b), COALESCE_MS);
  b.timer.unref?.();
}

/** A change another process made, found here without its notification: this process's streams only. */
export function tellStreams(change: LiveChange): void {
  bus().emitter.emit("change", change);
}

/** Every change, this process's and the others': what /api/events streams. Returns the unsubscribe. */
export function subscribe(fn: (c: LiveChange) => void): () => void {
  const b = bus();
  b.emitter.on("change", fn);
  return () => b.emitter.off("change", fn);
}

/**
 * Some sessions ended (announceSessionsEnded, from any process on the database, this one
 * included): `fn` runs once that change has committed. Returns the unsubscribe.
 */
export function onSessionsEnded(fn: () => void): () => void {
  const b = bus();
  b.emitter.on(SESSIONS_ENDED, fn);
  return () => b.emitter.off(SESSIONS_ENDED, fn);
}

/**
 * Changes made by other processes: caches register here to drop (or load) what changed. This
 * process's streams pass the change on once every handler has finished.
 */
export function onRemoteChange(fn: (c: LiveChange) => void | Promise<void>): void {
  bus().remoteHandlers.add(fn);
}

/** Connects this process to the others on the database (start-up). */
export async function startLiveBridge(handle: DbHandle): Promise<() => Promise<void>> {
  const b = bus();
  if (peekProcessSingleton("live-bridge")) return async () => {};
  processSingleton("live-bridge", () => true);
  const stop = await handle.listen(CHANNEL, (payload) => {
    let msg: { origin?: string; kinds?: ChangeKind[]; sessionsEnded?: boolean };
    try {
      msg = JSON.parse(payload);
    } catch {
      return;
    }
    if (msg?.sessionsEnded === true) return void b.emitter.emit(SESSIONS_ENDED);
    if (msg.origin === b.origin || !Array.isArray(msg.kinds)) return;
    const change: LiveChange = { kinds: msg.kinds };
    void Promise.allSettled([...b.remoteHandlers].map(async (h) => h(change))).then((done) => {
      for (const d of done) if (d.status === "rejected") log.error({ err: d.reason }, "a remote change handler failed");
      b.emitter.emit("change", change);
    });
  });
  b.notify = async (payload) => void (await handle.db.execute(sql`SELECT pg_notify(${CHANNEL}, ${payload})`));
  return stop;
}
