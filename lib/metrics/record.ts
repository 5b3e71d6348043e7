import { addStep } from "../log/steps";
import { consoleMetrics, type ConsoleMetrics } from "./registry";
import { logger } from "../log/logger";

const log = logger("metrics");

let reported = false;

/** Metrics are a side line: a failure to record one never reaches the request that made it. */
function record(update: (m: ConsoleMetrics) => void): void {
  try {
    update(consoleMetrics());
  } catch (e) {
    if (!reported) log.error({ err: e }, "could not record a metric");
    reported = true;
  }
}

const secondsSince = (started: number) => (performance.now() - started) / 1000;

export function countHttpRequest(route: string, status: number): void {
  record((m) => m.httpRequests.inc({ route, status: String(status) }));
}

/** `outcome` is the audit log's word for the call (lib/db/schema.ts OUTCOMES). */
export function countActionOutcome(action: string, outcome: string): void {
  record((m) => m.actionOutcomes.inc({ action, outcome }));
}

export function countEnsRetry(action: string, code: string): void {
  record((m) => m.ensRetries.inc({ action, code }));
}

/** Runs one ENS call (all its attempts), counting its outcome and timing it. */
export async function observeEnsCall<T>(action: string, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const done = (outcome: "success" | "failure") => {
    addStep("ens", performance.now() - started);
    record((m) => {
      m.ensCalls.inc({ action, outcome });
      m.ensCallSeconds.observe({ action }, secondsSince(started));
    });
  };
  try {
    const result = await call();
    done("success");
    return result;
  } catch (e) {
    done("failure");
    throw e;
  }
}

/** One outbox attempt (lib/outbound/outbox.ts): `destination` is the destination's id, never its URL. */
export function countDelivery(destination: string, outcome: "delivered" | "failed" | "dead"): void {
  record((m) => m.outboundDeliveries.inc({ destination, outcome }));
}

export async function timeAuditAppend<T>(append: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await append();
  } finally {
    addStep("audit", performance.now() - started);
    record((m) => m.auditAppendSeconds.observe(secondsSince(started)));
  }
}
