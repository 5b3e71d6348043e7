import { peekProcessSingleton } from "../singleton";

// lib/ens, lib/audit, lib/actions and lib/http import lib/metrics to record, so lib/metrics may not
// import the modules that own the state its gauges and readiness read (the folder graph would have
// a cycle: test/architecture). It reads their process singletons by key instead, declaring only the
// fields it uses; test/process-state.test.ts checks each key and shape against its owner.

/** lib/instances/fleet-index/live-index.ts */
interface LiveIndex {
  index: { ready: boolean; listedAt: number; rows: { length: number } };
}

/** lib/audit/chain-status.ts */
interface ChainStatusState {
  result?: { intact: boolean };
}

/** The slice of lib/ens's EnsClient the readiness probe calls. */
export interface EnsProbeClient {
  describeArmServerInstances(req: { PageSize?: number }, opts: { signal?: AbortSignal; maxAttempts?: number }): Promise<unknown>;
}

/** This process's fleet index, or null before anything asked for it. */
export function fleetIndexState(): { ready: boolean; listedAt: number; instances: number } | null {
  const index = peekProcessSingleton<LiveIndex>("fleet-index")?.index;
  return index ? { ready: index.ready, listedAt: index.listedAt, instances: index.rows.length } : null;
}

/** Whether this process's last chain walk (History's chain status) found it intact; null before one ran. */
export function lastChainIntact(): boolean | null {
  const result = peekProcessSingleton<ChainStatusState>("chain-status")?.result;
  return result ? result.intact : null;
}

/** Whether the job engine (lib/jobs/engine.ts) runs in this process. */
export function engineRunning(): boolean {
  return peekProcessSingleton("jobs-engine") !== undefined;
}

/** The process-wide ENS client (`ens()` of lib/ens), once something created it; the engine does at start-up. */
export function processEnsClient(): EnsProbeClient | undefined {
  return peekProcessSingleton<EnsProbeClient>("ens-client");
}
