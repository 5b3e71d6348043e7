// Fleet-load benchmark: lists a 10,000-AIC fleet from an in-process emulator with 50 ms latency,
// once with lib/ens (page 1, then pages 2..N concurrently) and once sequentially page by page.
// Run: npx tsx bench/fleet-load.ts [--quick]   (layout override: FLEET_LOAD_SERVERS, FLEET_LOAD_AICS_PER_SERVER)
import { once } from "node:events";
import { runIfMain } from "./standalone";
import { Worker } from "node:worker_threads";
import { DEMO_ACCESS_KEY, type EmulatorOptions } from "../emulator/server";
import { createEnsClient } from "../lib/ens/client";
import { ensConfigFromEnv } from "../lib/ens/config";
import { MAX_PAGE_SIZE } from "../lib/ens/fleet";

export interface FleetLoadResult {
  name: "fleet_load";
  value: number;
  unit: "ms";
  baseline: number;
  ratio: number;
  limit: number;
}

const LATENCY_MS = 50;

/** Starts the emulator on its own thread of this process, with tsx loaded there to run its TypeScript. */
export async function startEmulatorThread(options: EmulatorOptions) {
  // Workers do not inherit tsx's module hooks, so the worker registers them before importing the TS entry.
  const tsxApi = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const entry = JSON.stringify(new URL("./fleet-load-emulator.ts", import.meta.url).href);
  const code = `(async () => { (await import(${tsxApi})).register(); await import(${entry}); })().catch((e) => { throw e; });`;
  const worker = new Worker(code, { eval: true, workerData: options });
  const [info] = (await Promise.race([once(worker, "message"), once(worker, "error").then(([e]) => Promise.reject(e))])) as [
    { url: string; endpoint: string; port: number },
  ];
  return {
    ...info,
    async close() {
      worker.postMessage("close");
      await once(worker, "message");
      await worker.terminate();
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await fn();
  return [performance.now() - t0, v];
}

export interface FleetLoadOptions {
  quick?: boolean;
  servers?: number;
  aicsPerServer?: number;
}

export async function run({ quick = false, ...layout }: FleetLoadOptions = {}): Promise<FleetLoadResult> {
  const AICS_PER_SERVER = layout.aicsPerServer ?? Number(process.env.FLEET_LOAD_AICS_PER_SERVER ?? 4);
  // Default 2500 × 4 = 10,000 AICs on 25 pages; quick keeps the fleet and measures one round instead of three.
  const servers = layout.servers ?? Number(process.env.FLEET_LOAD_SERVERS ?? 2500);
  const rounds = quick ? 1 : 3;
  const key = DEMO_ACCESS_KEY;
  const emu = await startEmulatorThread({ port: 0, seed: 42, servers, aicsPerServer: AICS_PER_SERVER, latencyMs: LATENCY_MS, qps: 0 });
  try {
    const config = {
      ...ensConfigFromEnv({ ENS_FLEET_CONCURRENCY: process.env.ENS_FLEET_CONCURRENCY }),
      endpoint: emu.endpoint,
      protocol: "HTTP" as const,
      accessKeyId: key.id,
      accessKeySecret: key.secret,
      maxAttempts: 1,
    };
    const client = createEnsClient(config);
    const concurrency = config.fleetConcurrency;
    const pages = Math.ceil(servers / MAX_PAGE_SIZE);
    // Page 1 must come back before the others can be planned, so the floor is 1 + ceil((pages-1)/c) round trips.
    const limit = LATENCY_MS * (1 + Math.ceil((pages - 1) / concurrency));
    const naiveLimit = LATENCY_MS * Math.ceil(pages / concurrency);

    const sequential = async () => {
      let count = 0;
      for (let n = 1; n <= pages; n++) {
        const r = await client.describeArmServerInstances({ PageNumber: n, PageSize: MAX_PAGE_SIZE, DescribeAICInstances: true });
        for (const s of r.Servers ?? []) count += s.AICInstances?.length ?? 0;
      }
      return count;
    };
    // Warm-up: opens keep-alive sockets and JIT-compiles both paths.
    await client.listAllAicInstances();
    await sequential();

    const fast: number[] = [];
    const slow: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const [tf, rows] = await timed(() => client.listAllAicInstances());
      const [ts, count] = await timed(sequential);
      const expected = servers * AICS_PER_SERVER;
      if (rows.length !== expected || new Set(rows.map((r) => r.InstanceId)).size !== expected || count !== expected) {
        throw new Error(`fleet_load: expected ${expected} AICs, got ${rows.length} (concurrent) / ${count} (sequential)`);
      }
      fast.push(tf);
      slow.push(ts);
    }
    const value = Math.round(median(fast));
    const baseline = Math.round(median(slow));
    const ratio = Number((baseline / value).toFixed(2));
    console.log(
      `fleet_load: ${servers * AICS_PER_SERVER} AICs on ${servers} servers, ${pages} pages of ${MAX_PAGE_SIZE}, latency ${LATENCY_MS} ms, concurrency ${concurrency}, median of ${rounds} (emulator on a worker thread)`,
    );
    console.log(`  lib/ens listAllAicInstances: ${value} ms   (runs: ${fast.map(Math.round).join(", ")})`);
    console.log(`  sequential baseline:         ${baseline} ms   (runs: ${slow.map(Math.round).join(", ")})`);
    console.log(`  ratio baseline/lib: ${ratio}×  (goal ≥ 4×: ${ratio >= 4 ? "met" : "NOT met"})`);
    console.log(
      `  paging limit used: (1 + ceil((${pages}-1)/${concurrency})) × ${LATENCY_MS} = ${limit} ms; ceil(pages/concurrency) × latency = ${naiveLimit} ms`,
    );
    console.log(`  lib/limit: ${(value / limit).toFixed(2)}×  (goal ≤ 1.3×: ${value <= limit * 1.3 ? "met" : "NOT met"})`);
    return { name: "fleet_load", value, unit: "ms", baseline, ratio, limit };
  } finally {
    await emu.close();
  }
}

runIfMain(import.meta.url, run);
