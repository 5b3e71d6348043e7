// Bulk-toggle benchmark: 1,000 login closes through the real action path (the safe-action wrapper,
// the setLogin logic, the audit log on in-memory PGlite) driven by the bulk dialog's runner, against
// an emulator throttled to 50 calls/s per action. Setup first opens login on every instance with
// 20 extra AccessKeys (the throttle is per key), so each close really removes a delivery.
// Run: npx tsx --conditions=react-server bench/bulk-toggle.ts [--quick]
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import type { ActiveUser } from "../lib/auth/session";
import { createActionFactory } from "../lib/actions/safe-action";
import { queryRows, openDb } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { createEnsClient } from "../lib/ens/client";
import { ensConfigFromEnv, type EnsConfig } from "../lib/ens/config";
import { setLoginSpec } from "../lib/logins/set-login";
import { runBulk } from "./bulk-runner";
import { DEMO_ACCESS_KEY } from "../emulator/demo-key";
import { startEmulatorThread } from "./fleet-load";

export interface BulkToggleResult {
  name: "bulk_toggle_in_process";
  value: number;
  unit: "calls/s";
  baseline: number;
  ratio: number;
  lost: number;
  audited: number;
  items: number;
  seconds: number;
}

const QPS = 50;
const KEY = "support-adb-key";
const SETUP_KEYS = Array.from({ length: 20 }, (_, i) => ({
  id: `LTAI5tBenchSetupKey${String(i).padStart(2, "0")}`,
  secret: `bench-setup-secret-${i}-0123456789abcdef`,
}));

export async function run({ quick = false, items: n }: { quick?: boolean; items?: number } = {}): Promise<BulkToggleResult> {
  const items = n ?? (quick ? 300 : 1000);
  const key = DEMO_ACCESS_KEY;
  const aicsPerServer = 4;
  const emu = await startEmulatorThread({
    port: 0,
    seed: 42,
    servers: Math.ceil(items / aicsPerServer),
    aicsPerServer,
    latencyMs: Number(process.env.BULK_TOGGLE_LATENCY_MS ?? 0),
    qps: Number(process.env.BULK_TOGGLE_QPS ?? QPS),
    accessKeys: [key, ...SETUP_KEYS],
  });
  const handle = await openDb({ CONSOLE_DATA_DIR: "memory://" });
  try {
    await migrate(handle);
    const base: EnsConfig = { ...ensConfigFromEnv({}), endpoint: emu.endpoint, protocol: "HTTP" };
    const client = createEnsClient({ ...base, accessKeyId: key.id, accessKeySecret: key.secret });

    // Setup: list the fleet (the fleet listing is its own throttle bucket), open login everywhere.
    const ids = (await client.listAllAicInstances()).map((r) => r.InstanceId).slice(0, items);
    if (ids.length !== items) throw new Error(`bulk_toggle: fleet has ${ids.length} AICs, need ${items}`);
    const setupClients = SETUP_KEYS.map((k) => createEnsClient({ ...base, accessKeyId: k.id, accessKeySecret: k.secret }));
    await Promise.all(
      setupClients.map(async (c, w) => {
        for (let i = w; i < ids.length; i += setupClients.length)
          await c.manageAicLogin({ InstanceId: ids[i], ActionName: "open", KeyName: KEY });
      }),
    );
    const deliveries = async () => ((await (await fetch(`${emu.url}/__emulator/state`)).json()) as { deliveries: number }).deliveries;
    const before = await deliveries();
    // Let the setup keys' traffic settle and the demo key's buckets refill to their (full) burst.
    await new Promise((r) => setTimeout(r, 1200));

    // The server action, built from the same spec as lib/actions/instances.ts, on this process's deps.
    const user: ActiveUser = { id: "bench-operator", email: "operator@bench.test", role: "operator", name: null };
    const action = createActionFactory({
      resolveUser: async () => user,
      requestInfo: async () => ({ ip: "127.0.0.1", userAgent: "bench" }),
      db: async () => handle.db,
    });
    const setLoginAction = action(setLoginSpec(() => client));

    const bulkId = randomUUID();
    const t0 = performance.now();
    const results = await runBulk(ids, (instanceId) => setLoginAction({ instanceId, action: "close", keyName: KEY, bulkId }), {
      concurrency: 4,
    });
    const seconds = (performance.now() - t0) / 1000;

    const calls = (await (await fetch(`${emu.url}/__emulator/calls`)).json()) as {
      byAction: Record<string, { received: number; ok: number; failed: number }>;
    };
    const throttled = (calls.byAction.ManageAICLogin?.failed ?? 0) + (calls.byAction.ListAICPublicKeyDeliveries?.failed ?? 0);
    const failed = results.filter((r) => !r.ok);
    const after = await deliveries();
    const [{ n: audited }] = await queryRows<{ n: number }>(
      handle.db,
      sql`SELECT count(*)::int AS n FROM audit_events WHERE bulk_id = ${bulkId} AND phase = 'completed' AND outcome = 'success' AND action = 'login.close'`,
    );
    const lost = items - (results.length - failed.length) + Math.max(0, after - (before - items));
    const value = Number((items / seconds).toFixed(1));
    const ratio = Number((value / QPS).toFixed(3));
    console.log(
      `bulk_toggle: ${items} closes, concurrency 4, emulator throttle ${QPS}/s per action (ManageAICLogin + ListAICPublicKeyDeliveries per item)`,
    );
    console.log(
      `  ${seconds.toFixed(1)} s → ${value} items/s = ${ratio} of the throttle (goal ≥ 0.9: ${ratio >= 0.9 ? "met" : "NOT met"})`,
    );
    console.log(
      `  failed ${failed.length}${failed.length ? ` (${[...new Set(failed.map((f) => f.code))].join(", ")})` : ""}, deliveries ${before} → ${after}, lost ${lost}, audited completions ${audited}, throttled calls ${throttled}`,
    );
    console.log(`  ${JSON.stringify(calls.byAction)}`);
    return {
      name: "bulk_toggle_in_process",
      value,
      unit: "calls/s",
      baseline: QPS,
      ratio,
      lost,
      audited: Number(audited),
      items,
      seconds: Number(seconds.toFixed(2)),
    };
  } finally {
    await handle.close();
    await emu.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf("--items");
  run({ quick: process.argv.includes("--quick"), items: i > 0 ? Number(process.argv[i + 1]) : undefined }).then(
    (r) => console.log(JSON.stringify(r)),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
