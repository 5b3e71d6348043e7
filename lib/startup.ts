import path from "node:path";
import { reconcileInFlight } from "./audit/append";
import { loadSigningKey } from "./audit/checkpoint-key";
import { config, ConfigError, configProblems, fixConfigAtStartup, operationTimeoutMs, type Env } from "./config";
import { getDbHandle } from "./db/client";
import { DataFolderBusyError } from "./db/data-lock";
import { createBootstrapAdmin } from "./users/bootstrap-admin";
import { logger } from "./log/logger";

const log = logger("console");

export { operationTimeoutMs } from "./config";

/**
 * Everything in the environment that would stop the console serving, one line per problem, each
 * starting with the variable's name: the schema (lib/config.ts), a missing AUTH_SECRET, and a
 * signing key file that cannot be read. `npm run check-config` prints the same list.
 */
export function startupProblems(env: Env = process.env): string[] {
  const problems = configProblems(env);
  // The standalone server runs from its own folder (it changes to it), which a rebuild or a
  // deploy replaces: a relative path would put the database or look for the key in there.
  if (env.__NEXT_PRIVATE_STANDALONE_CONFIG) {
    const dataDir = env.CONSOLE_DATA_DIR?.trim() || ".data";
    if (!env.DATABASE_URL?.trim() && dataDir !== "memory://" && !path.isAbsolute(dataDir))
      problems.push(`CONSOLE_DATA_DIR: must be an absolute path for the standalone server (it runs in its own folder), got '${dataDir}'`);
    const keyFile = env.AUDIT_SIGNING_KEY_FILE?.trim();
    if (keyFile && !path.isAbsolute(keyFile))
      problems.push(`AUDIT_SIGNING_KEY_FILE: must be an absolute path for the standalone server (it runs in its own folder)`);
  }
  try {
    loadSigningKey(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) problems.push(`AUDIT_SIGNING_KEY_FILE: cannot be used: ${e instanceof Error ? e.message : e}`);
  }
  return problems;
}

/**
 * Stops the process when the configuration is bad, before anything reads a setting. It exits
 * rather than throws: Next logs an error thrown by the instrumentation hook and serves anyway.
 */
export function exitOnBadConfig(env: Env = process.env): void {
  const problems = startupProblems(env);
  if (!problems.length) {
    if (env === process.env) fixConfigAtStartup();
    return;
  }
  // Plain lines on stderr: the configuration, the log level included, could not be read.
  for (const p of problems) console.error(`[config] ${p}`);
  console.error(
    `[console] not starting: ${problems.length} configuration problem(s) above (\`npm run check-config\` lists them without starting)`,
  );
  process.exit(1);
}

export { createBootstrapAdmin } from "./users/bootstrap-admin";

/**
 * Runs once in the server process before it serves: migrate, create the scripted first admin,
 * close operations a crash left open, and arrange a clean PGlite shutdown.
 */
export async function startConsole(env: Env = process.env): Promise<void> {
  exitOnBadConfig(env);
  // On PGlite, opening takes the data folder's lock (lib/db/data-lock.ts): a second console on the
  // same folder stops here, rather than serve errors (Next keeps running when this hook throws).
  const handle = await getDbHandle().catch((e) => {
    if (!(e instanceof DataFolderBusyError)) throw e;
    log.fatal(e.message);
    process.exit(2);
  });

  if (await createBootstrapAdmin(handle.db, env)) log.info({ email: config(env).CONSOLE_BOOTSTRAP_ADMIN_EMAIL }, "created the first admin");

  const closed = await reconcileInFlight(handle.db, operationTimeoutMs(env));
  if (closed) log.info({ operations: closed }, `marked ${closed} interrupted operation(s) as unknown`);
  // Another replica may die while this one lives on: keep closing what it left open.
  const sweep = setInterval(() => {
    reconcileInFlight(handle.db, operationTimeoutMs(env))
      .then((n) => n && log.info({ operations: n }, `marked ${n} interrupted operation(s) as unknown`))
      .catch((e) => log.error({ err: e }, "reconcile failed"));
  }, 60_000);
  sweep.unref();
  (await import("./audit/checkpoint-schedule")).startCheckpoints(handle.db, env);
  // Live updates: changes made by any console process reach every open console.
  await (await import("./live/bus")).startLiveBridge(handle);
  // The operations engine: bulk runs, reboots and resets run here, whoever's tab is open or closed.
  const { requestsPass } = await import("./requests/pass");
  const { schedulesPass } = await import("./schedules/run-schedules");
  // Offboardings (lib/offboarding): starts without a job get one; finished closes get their key deletions queued.
  const { offboardingPass } = await import("./offboarding/pass");
  // The outbox (lib/outbound): audit events and notifications to webhooks, DingTalk and Slack, in order, at least once.
  const { outboxPass } = await import("./outbound/outbox");
  const { enqueueRecorded } = await import("./jobs/start-job");
  const { enqueueChunks } = await import("./jobs/enqueue");
  const engine = await (
    await import("./jobs/engine")
  ).startEngine(handle, env, undefined, [
    requestsPass(env),
    schedulesPass(env),
    offboardingPass({ enqueueRecorded, enqueueChunks }),
    outboxPass(env),
  ]);

  (await import("./shutdown")).installShutdown(engine, env);
}
