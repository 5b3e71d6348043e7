import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { processSingleton } from "../singleton";
import type { ScrapeState } from "./scrape-state";

const PREFIX = "aic_console_";

export interface ConsoleMetrics {
  registry: Registry;
  httpRequests: Counter<"route" | "status">;
  actionOutcomes: Counter<"action" | "outcome">;
  ensCalls: Counter<"action" | "outcome">;
  ensCallSeconds: Histogram<"action">;
  ensRetries: Counter<"action" | "code">;
  auditAppendSeconds: Histogram;
  outboundDeliveries: Counter<"destination" | "outcome">;
}

// Loaded at scrape time only: the modules that record metrics (lib/ens, lib/audit, …) do not load
// the database client or the gauges' readers.
const scrapeState = () => import("./scrape-state").then((m) => m.scrapeState());

function gauge(registry: Registry, name: string, help: string, read: (s: ScrapeState) => number) {
  return new Gauge({
    name: PREFIX + name,
    help,
    registers: [registry],
    async collect() {
      // A gauge that cannot be read is NaN for this scrape; the others are still served.
      this.set(await scrapeState().then(read, () => NaN));
    },
  });
}

function create(): ConsoleMetrics {
  const registry = new Registry();
  const registers = [registry];
  const metrics: ConsoleMetrics = {
    registry,
    httpRequests: new Counter({
      name: `${PREFIX}http_requests_total`,
      help: "Answers of the read routes (readRoute), by the route's audit name and HTTP status, denials included",
      labelNames: ["route", "status"],
      registers,
    }),
    actionOutcomes: new Counter({
      name: `${PREFIX}action_outcomes_total`,
      help: "Server action calls by audit name and the outcome written to the audit log (success, failure, denied, rejected, unknown)",
      labelNames: ["action", "outcome"],
      registers,
    }),
    ensCalls: new Counter({
      name: `${PREFIX}ens_calls_total`,
      help: "ENS API calls by action and outcome (success, failure), each counted once whatever its retries",
      labelNames: ["action", "outcome"],
      registers,
    }),
    ensCallSeconds: new Histogram({
      name: `${PREFIX}ens_call_seconds`,
      help: "Duration of an ENS API call, retries and backoff included",
      labelNames: ["action"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    ensRetries: new Counter({
      name: `${PREFIX}ens_retries_total`,
      help: "ENS attempts repeated after a throttled or transient failure, by action and error code",
      labelNames: ["action", "code"],
      registers,
    }),
    auditAppendSeconds: new Histogram({
      name: `${PREFIX}audit_append_seconds`,
      help: "Duration of an audit log append (its transaction, the append lock included)",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    outboundDeliveries: new Counter({
      name: `${PREFIX}deliveries_total`,
      help: "Outbox delivery attempts by destination id and outcome (delivered, failed, dead), counted by the process that made them",
      labelNames: ["destination", "outcome"],
      registers,
    }),
  };
  gauge(registry, "fleet_index_age_seconds", "Age of this process's fleet listing (NaN until it holds one)", (s) => s.fleetIndexAgeSeconds);
  gauge(registry, "fleet_instances", "Instances in this process's fleet index (NaN until it holds a listing)", (s) => s.fleetInstances);
  gauge(registry, "operations_queue_depth", "Operations not finished (queued or running), across the deployment", (s) => s.queueDepth);
  gauge(
    registry,
    "operations_oldest_queued_seconds",
    "How long the oldest operation no item of which has started has waited (0 when none waits)",
    (s) => s.oldestQueuedSeconds,
  );
  gauge(
    registry,
    "audit_chain_ok",
    "1 when this process's last audit chain verification found the chain intact, 0 when broken, NaN before one ran",
    (s) => s.auditChainOk,
  );
  new Gauge({
    name: `${PREFIX}outbox_lag_seconds`,
    help: "Per outbound destination (its id): age of the oldest event of its streams not yet delivered, 0 when caught up (paused ones included)",
    labelNames: ["destination"],
    registers: [registry],
    async collect() {
      // Read from the database at scrape time, so every replica serves the same figures; a
      // destination deleted since the last scrape disappears.
      this.reset();
      const lags = await scrapeState().then(
        (s) => s.outboxLag,
        () => null,
      );
      for (const l of lags ?? []) this.set({ destination: l.destination }, l.seconds);
    },
  });
  return metrics;
}

/** The process's metrics, shared by every bundle Next loads this module into. */
export function consoleMetrics(): ConsoleMetrics {
  return processSingleton("metrics.registry", create);
}

/**
 * The registry to serve a scrape from. The process and Node.js metrics (event-loop lag included,
 * under their standard unprefixed names) start with the first scrape: their event-loop monitor
 * does not run in a console whose metrics are off, nor in the CLI scripts that record.
 */
export function scrapedRegistry(): Registry {
  const { registry } = consoleMetrics();
  processSingleton("metrics.default-metrics", () => collectDefaultMetrics({ register: registry }));
  return registry;
}
