import PgBoss from "pg-boss";
import type { DbHandle } from "./handle";

// The job queue (pg-boss) lives in its own schema of the console's database, on both backends.

export const JOB_SCHEMA = "pgboss";
/** One queue entry per chunk of a job's items (lib/jobs). The queue keeps its first name: it is in existing databases. */
export const JOB_CHUNK_QUEUE = "aic-operation-chunk";
/** Serializes the grants below across replicas (any fixed number, beside lib/db/migrate.ts's). */
const GRANT_LOCK = 7_310_002;

/** Queue defaults: a queue entry a dead process held is retried; its items' own state says what is left to do. */
export const JOB_CHUNK_QUEUE_OPTIONS = {
  retryLimit: 50,
  retryDelay: 2,
  // A backstop only: a chunk held by a process that stopped is taken over by heartbeat (lib/jobs/processes.ts).
  expireInSeconds: 900,
  retentionMinutes: 7 * 24 * 60,
} as const;

export function jobQueue(handle: Pick<DbHandle, "executeSql">, options: Partial<PgBoss.ConstructorOptions> = {}): PgBoss {
  return new PgBoss({ db: { executeSql: (text, values) => handle.executeSql(text, values) }, schema: JOB_SCHEMA, ...options });
}

/**
 * Installs or upgrades the queue's schema and creates the console's queues, as the database's
 * owner (with the migrations): creating a queue attaches a partition, which only the owner may do.
 * The console's own role then gets the ordinary rights on the queue's tables.
 */
export async function installJobQueue(handle: DbHandle): Promise<void> {
  const boss = jobQueue(handle, { supervise: false, schedule: false, migrate: true });
  await boss.start();
  try {
    if (!(await boss.getQueue(JOB_CHUNK_QUEUE)))
      await boss.createQueue(JOB_CHUNK_QUEUE, { name: JOB_CHUNK_QUEUE, ...JOB_CHUNK_QUEUE_OPTIONS });
  } finally {
    await boss.stop({ graceful: false, close: false, wait: true });
  }
  // Replicas starting together grant at the same moment; PostgreSQL refuses concurrent GRANTs on
  // one object ("tuple concurrently updated"), so they take turns.
  await handle.exec(`
    DO $$
    BEGIN
      PERFORM pg_advisory_xact_lock(${GRANT_LOCK});
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'aic_console') THEN
        GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO aic_console;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOB_SCHEMA} TO aic_console;
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${JOB_SCHEMA} TO aic_console;
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${JOB_SCHEMA} TO aic_console;
      END IF;
    END;
    $$;`);
}
