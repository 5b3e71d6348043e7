// fleet_load: listing 10,000 AICs (2,500 servers × 4, 25 pages of 100 servers) at 50 ms ENS
// latency, as a user gets it: the instances list's Refresh, GET /api/fleet?fresh=1 over HTTP to a
// built console with a session; the console lists ENS (DescribeARMServerInstances pages at
// ENS_FLEET_CONCURRENCY, its deliveries beside them), stores the listing and answers the first
// window of 100 rows. Each sample waits until the last listing is over 5 s old (a younger one is
// served as it is). The emulator is its own process, as for every browser benchmark.
// Baselines, same run and emulator: sequential paging (the same 25 pages one after the other,
// from the bench with lib/ens's client) and the limit ceil(pages / concurrency) × latency.
// Run: npx tsx --conditions=react-server bench/fleet-load.ts [--quick]
import { createEnsClient } from "../lib/ens/client";
import { ensConfigFromEnv } from "../lib/ens/config";
import { MAX_PAGE_SIZE } from "../lib/ens/fleet";
import { runIfMain } from "./standalone";
import { ensureBuild, httpSignIn, KEY_ID, KEY_SECRET, median, r2, sleep, startConsole, type Figure } from "./console-server";

const LATENCY_MS = 50;
const SERVERS = 2500;
const AICS_PER_SERVER = 4;
/** lib/instances/fleet.ts: a Refresh within this long of the last listing is served from it. */
const FRESH_ENOUGH_MS = 5000;

export async function run({ quick = false }: { quick?: boolean } = {}): Promise<Figure[]> {
  ensureBuild();
  const rounds = quick ? 3 : 7;
  // The periodic listing is moved out of the way, so that each Refresh lists ENS itself.
  const c = await startConsole(
    1,
    { servers: SERVERS, aicsPerServer: AICS_PER_SERVER, latencyMs: LATENCY_MS },
    { env: { CONSOLE_FLEET_REFRESH_MS: "600000" } },
  );
  try {
    const config = {
      ...ensConfigFromEnv({}),
      endpoint: new URL(c.emuUrl).host,
      protocol: "HTTP" as const,
      accessKeyId: KEY_ID,
      accessKeySecret: KEY_SECRET,
      maxAttempts: 1,
    };
    const client = createEnsClient(config);
    const concurrency = config.fleetConcurrency;
    const pages = Math.ceil(SERVERS / MAX_PAGE_SIZE);
    const limit = LATENCY_MS * Math.ceil(pages / concurrency);
    const expected = SERVERS * AICS_PER_SERVER;
    const sequential = async () => {
      let count = 0;
      for (let n = 1; n <= pages; n++) {
        const r = await client.describeArmServerInstances({ PageNumber: n, PageSize: MAX_PAGE_SIZE, DescribeAICInstances: true });
        for (const s of r.Servers ?? []) count += s.AICInstances?.length ?? 0;
      }
      if (count !== expected) throw new Error(`fleet_load: sequential paging saw ${count} AICs, expected ${expected}`);
    };

    const cookie = await httpSignIn(c.url);
    let lastListing = 0;
    const refresh = async () => {
      await sleep(Math.max(0, lastListing + FRESH_ENOUGH_MS + 200 - Date.now()));
      const t = performance.now();
      const res = await fetch(`${c.url}/api/fleet?fresh=1&offset=0&limit=100`, { headers: { cookie } });
      const body = (await res.json()) as { total: number };
      const ms = performance.now() - t;
      lastListing = Date.now();
      if (res.status !== 200 || body.total !== expected)
        throw new Error(`fleet_load: /api/fleet answered ${res.status}, total ${body.total}`);
      return ms;
    };
    await refresh(); // warm-up: the console's first listing and code paths
    await sequential(); // warm-up: the bench client's sockets
    const fast: number[] = [];
    const slow: number[] = [];
    const lib: number[] = [];
    for (let i = 0; i < rounds; i++) {
      let t = performance.now();
      await sequential();
      slow.push(performance.now() - t);
      // Diagnostic only: the same listing by lib/ens's client from the bench process, without
      // the console around it (what the listing alone costs; not a path a user takes).
      t = performance.now();
      await client.listAllAicInstances();
      lib.push(performance.now() - t);
      fast.push(await refresh());
    }
    const value = Math.round(median(fast));
    const baseline = Math.round(median(slow));
    const ratio = r2(baseline / value);
    console.log(
      `fleet_load: ${expected} AICs, ${pages} pages of ${MAX_PAGE_SIZE} servers, ${LATENCY_MS} ms latency, concurrency ${concurrency}, median of ${rounds}`,
    );
    console.log(`  Refresh (GET /api/fleet?fresh=1): ${value} ms (runs ${fast.map(Math.round).join(", ")})`);
    console.log(`  sequential paging:                ${baseline} ms (runs ${slow.map(Math.round).join(", ")}) → ${ratio}× faster`);
    console.log(
      `  diagnostic, lib/ens listAllAicInstances from the bench process: ${Math.round(median(lib))} ms (runs ${lib.map(Math.round).join(", ")})`,
    );
    console.log(`  limit ceil(${pages}/${concurrency}) × ${LATENCY_MS} = ${limit} ms → ${r2(value / limit)}× the limit`);
    return [
      {
        name: "fleet_load",
        value,
        unit: "ms",
        baseline,
        ratio,
        limit,
        ofLimit: r2(value / limit),
        runs: fast.map(Math.round),
        libraryListingMs: Math.round(median(lib)),
        sequentialRuns: slow.map(Math.round),
        pages,
        concurrency,
      },
    ];
  } finally {
    await c.stop();
  }
}

runIfMain(import.meta.url, run);
