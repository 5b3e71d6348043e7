import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { config, type Env } from "../config";
import type { DbHandle } from "../db/client";
import { jobQueue, JOB_CHUNK_QUEUE } from "../db/job-queue";
import { ens, type EnsClient } from "../ens";
import { clearProcessSingleton, peekProcessSingleton, processSingleton } from "../singleton";
import { ensPace } from "./ens-pace";
import { startPasses, type ExtraPass, type Passes } from "./passes";
import { beat, registerProcess, unregisterProcess, type ProcessIdentity } from "./processes";
import { chunksLeftByStoppedProcesses, lostEnqueues } from "./sweep";
import { finishCancels } from "./cancel-job";
import { runChunk, type WorkerDeps } from "./run-chunk";
import { provideEnqueue, withdrawEnqueue, type QueuedChunk } from "./enqueue";
import { logger } from "../log/logger";

const log = logger("engine");

const ENGINE = "jobs-engine";
const HEARTBEAT_MS = 3000;
const SWEEP_MS = 5000;

export interface Engine {
  me: ProcessIdentity;
  enqueue(jobs: QueuedChunk[]): Promise<void>;
  /** Takes over work held by processes that stopped, and enqueues jobs whose enqueue was lost. */
  sweep(): Promise<number>;
  /** The expiry, resolution and drift passes this process runs. */
  passes: Passes;
  /** Stops taking items, lets the items in flight finish (bounded), hands the rest back. */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * The job engine: pg-boss on the console's own database (PGlite or PostgreSQL) carries one
 * queue entry per chunk of a job's items; every replica on one PostgreSQL takes chunks from the same queue. The
 * items' own rows (lib/jobs/items.ts) say what is done, so a chunk that runs twice does no
 * work twice, and work held by a process that stopped beating is taken over by the others.
 */
export async function startEngine(
  handle: DbHandle,
  env: Env = process.env,
  client: EnsClient = ens(),
  extraPasses: readonly ExtraPass[] = [],
): Promise<Engine> {
  const existing = peekProcessSingleton<Engine>(ENGINE);
  if (existing) return existing;
  const c = config(env);
  const db = handle.db;
  const me: ProcessIdentity = { id: randomUUID(), deadAfterMs: c.CONSOLE_PROCESS_DEAD_AFTER_MS };
  await registerProcess(db, me.id);
  const boss: PgBoss = jobQueue(handle, { migrate: false, supervise: true, schedule: false, maintenanceIntervalSeconds: 60 });
  boss.on("error", (e) => log.error({ err: e }, "job queue error"));
  await boss.start();

  let stopping = false;
  const deps: WorkerDeps = {
    db,
    client,
    me,
    pace: ensPace(db, { accessKeyId: client.config.accessKeyId ?? "default-credentials", ratePerSecond: c.ENS_JOB_RATE_PER_SECOND }),
    itemConcurrency: c.CONSOLE_JOB_ITEM_CONCURRENCY,
    stopping: () => stopping,
    working: new Set(),
  };
  const workers: string[] = [];
  for (let i = 0; i < c.CONSOLE_JOB_WORKERS; i++) {
    workers.push(
      await boss.work<QueuedChunk>(JOB_CHUNK_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
        await runChunk(deps, job.id, job.data);
      }),
    );
  }
  const wake = () => {
    for (const w of workers) boss.notifyWorker(w);
  };

  const enqueue = async (jobs: QueuedChunk[]) => {
    for (let i = 0; i < jobs.length; i += 1000) await boss.insert(jobs.slice(i, i + 1000).map((data) => ({ name: JOB_CHUNK_QUEUE, data })));
    wake();
  };

  const sweep = async (): Promise<number> => {
    const jobs = [...(await chunksLeftByStoppedProcesses(db, me)), ...(await lostEnqueues(db))];
    await finishCancels(db);
    if (jobs.length) await enqueue(jobs);
    return jobs.length;
  };
  // One sweep at a time: a slow one (a large backlog) is never joined by the next period's.
  let sweeping: Promise<unknown> | null = null;
  const sweepNow = () => {
    sweeping ??= sweep()
      .then((n) => n && log.info({ chunks: n }, `took over ${n} chunk(s) of work left by a stopped process`))
      .catch((e) => log.error({ err: e }, "sweep failed"))
      .finally(() => (sweeping = null));
  };

  const timers = [
    setInterval(() => void beat(db, me.id).catch((e) => log.error({ err: e }, "heartbeat failed")), HEARTBEAT_MS),
    setInterval(sweepNow, SWEEP_MS),
  ];
  for (const t of timers) t.unref();

  const engine: Engine = {
    me,
    enqueue,
    sweep,
    passes: null as unknown as Passes,
    async stop(timeoutMs = 10_000) {
      stopping = true;
      for (const t of timers) clearInterval(t);
      // A pass mid-call (a fleet listing with retries) may not outlast the grace period.
      await Promise.race([engine.passes.stop(), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
      // Waits for the chunks in hand (their items in flight complete); pg-boss hands unfinished jobs back.
      await boss
        .stop({ graceful: true, wait: true, close: false, timeout: timeoutMs })
        .catch((e) => log.error({ err: e }, "job queue did not stop cleanly"));
      await db.execute(sql`UPDATE operation_items SET owner = NULL WHERE owner = ${me.id} AND state = 'pending'`).catch(() => {});
      await unregisterProcess(db, me.id).catch(() => {});
      withdrawEnqueue(enqueue);
      clearProcessSingleton(ENGINE);
    },
  };
  processSingleton(ENGINE, () => engine);
  // Before the passes start: an expiry pass enqueues its closes (lib/jobs/enqueue.ts).
  provideEnqueue(enqueue);
  engine.passes = startPasses(db, client, env, deps.pace, extraPasses);
  // Right away: after a restart, what the last process left is taken over now, not in a sweep period.
  sweepNow();
  return engine;
}
