import { config, type Env } from "./config";
import { closeDb } from "./db/client";
import { beginDrain, closeDatabaseForGood, inFlightCount, untilIdle } from "./lifecycle";
import { logger } from "./log/logger";
import type { Engine } from "./jobs/engine";

const log = logger("console");

// Requests the proxy let in just before the drain began still have to reach the action wrapper.
const ADMITTED_SETTLE_MS = 250;

/**
 * SIGTERM (or SIGINT): stop taking requests (the proxy answers 503, /api/ready turns false); let the
 * requests in flight finish (actions, sign-ins, reads), within CONSOLE_SHUTDOWN_GRACE_MS; then stop
 * the operations engine, which works on meanwhile (its items in flight finish and the unstarted ones
 * are handed back to the queue), within as long again; then write the pending refusal summaries,
 * close the database for good, exit 0. An action still running after the grace period stays
 * `requested` until the reconcile sweep closes it as unknown (CONSOLE_OPERATION_TIMEOUT_MS after it
 * began, lib/audit/append.ts). A second signal is ignored.
 */
export function installShutdown(engine: Engine, env: Env = process.env): void {
  // Without it Next's own handler exits at once, before this one can drain and close anything.
  if (!env.NEXT_MANUAL_SIG_HANDLE)
    log.warn("NEXT_MANUAL_SIG_HANDLE is not set: SIGTERM will end the process without the graceful shutdown");
  let begun = false;
  const shutdown = async (signal: string) => {
    if (begun) return;
    begun = true;
    const grace = config(env).CONSOLE_SHUTDOWN_GRACE_MS;
    beginDrain();
    log.info(
      { signal, inFlight: inFlightCount(), graceMs: grace },
      "shutting down: refusing new requests, finishing the actions in flight",
    );
    await new Promise((r) => setTimeout(r, Math.min(ADMITTED_SETTLE_MS, grace)));
    if (!(await untilIdle(grace))) log.warn({ inFlight: inFlightCount() }, "requests still running after the grace period: closing anyway");
    // After the requests: one of them may be starting an operation, which needs the engine's queue.
    await engine.stop(grace).catch((err) => log.error({ err }, "stopping the operations engine failed"));
    // Refusals counted but not yet written as their minute's summary would be lost otherwise.
    await (
      await import("./abuse/refusals")
    )
      .sharedRefusalLimiter()
      .flushAll()
      .catch((err) => log.error({ err }, "writing the refusal summaries failed"));
    closeDatabaseForGood();
    await closeDb().catch((err) => log.error({ err }, "closing the database failed"));
    log.info({ signal }, "stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}
