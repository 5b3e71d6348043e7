// bulk_toggle, through the browser: a built console, Chromium, "Select all N matching", "Close
// login…", confirm; from the click to the operation page's final status line. The emulator
// throttles 50 calls/s per AccessKey and action (ManageAICLogin and the ListAICPublicKeyDeliveries
// read-back each have their bucket); the engine paces itself to the same 50/s. Setup opens login
// on every instance first with other AccessKeys, so each close removes a delivery.
// --quick runs the same 1,000 closes.
// Run: npx tsx --conditions=react-server bench/bulk-toggle-browser.ts
import { sql } from "drizzle-orm";
import { createEnsClient } from "../lib/ens/client";
import { ensConfigFromEnv } from "../lib/ens/config";
import { openDb, queryRows } from "../lib/db/client";
import { runIfMain } from "./standalone";
import { ensureBuild, launch, signedIn, startConsole, type Figure } from "./console-server";

const QPS = 50;
const KEY = "support-adb-key";
const DEMO = "LTAI5tEmulatorDemoKey01:emulator-demo-secret-0123456789abcdef";
// 20 keys × 2 calls at a time: 40/s per key, under the throttle, 1,000 opens in about 1.5 s.
const SETUP = Array.from({ length: 20 }, (_, i) => ({ id: `LTAI5tBenchSetupKey${i}`, secret: `bench-setup-secret-${i}-0123456789abcdef` }));

export async function run(): Promise<Figure> {
  const items = 1000; // --quick too: the figure is 1,000 closes
  const aicsPerServer = 8;
  ensureBuild();
  const c = await startConsole(
    8,
    {
      servers: Math.ceil(items / aicsPerServer),
      aicsPerServer,
      latencyMs: 50,
      qps: QPS,
      accessKeys: [DEMO, ...SETUP.map((k) => `${k.id}:${k.secret}`)].join(","),
    },
    { env: { ENS_JOB_RATE_PER_SECOND: String(QPS) } },
  );
  const browser = await launch();
  let stopped = false;
  try {
    const endpoint = new URL(c.emuUrl).host;
    const clients = SETUP.map((k) =>
      createEnsClient({ ...ensConfigFromEnv({}), endpoint, protocol: "HTTP", accessKeyId: k.id, accessKeySecret: k.secret }),
    );
    const ids = (await clients[0].listAllAicInstances()).map((r) => r.InstanceId).slice(0, items);
    const lanes = clients.flatMap((cl) => [cl, cl]);
    await Promise.all(
      lanes.map(async (cl, w) => {
        for (let i = w; i < ids.length; i += lanes.length)
          await cl.manageAicLogin({ InstanceId: ids[i], ActionName: "open", KeyName: KEY });
      }),
    );
    const deliveries = async () => ((await (await fetch(`${c.emuUrl}/__emulator/state`)).json()) as { deliveries: number }).deliveries;
    const before = await deliveries();
    await new Promise((r) => setTimeout(r, 1200)); // the demo key's buckets refill

    const page = await signedIn(browser, c);
    await page.goto("/instances");
    await page.getByRole("button", { name: `Select all ${items} matching` }).click({ timeout: 60_000 });
    await page.getByRole("toolbar", { name: "Bulk actions" }).getByRole("button", { name: "Close login…" }).click();
    const confirm = page
      .getByRole("dialog", { name: `Close login on ${items} instances` })
      .getByRole("button", { name: `Close login on ${items}` });
    await confirm.waitFor();
    const t0 = performance.now();
    await confirm.click();
    await page.waitForURL(/\/operations\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    const status = page.getByRole("status").filter({ hasText: /^\d+ ok, \d+ failed/ });
    await status.waitFor({ timeout: 10 * 60_000 });
    const seconds = (performance.now() - t0) / 1000;
    const text = (await status.textContent()) ?? "";
    const operationId = page.url().split("/").pop()!;
    const [ok, failed] = (text.match(/\d+/g) ?? []).map(Number);
    const after = await deliveries();
    let audited = 0;
    stopped = true;
    await c.stop(async (env) => {
      const h = await openDb(env);
      try {
        const [row] = await queryRows<{ n: number }>(
          h.db,
          sql`SELECT count(*)::int AS n FROM audit_events WHERE bulk_id = ${operationId} AND phase = 'completed' AND outcome = 'success' AND action = 'login.close'`,
        );
        audited = Number(row.n);
      } finally {
        await h.close();
      }
    });
    const lost = items - ok + Math.max(0, after - (before - items));
    const value = Number((items / seconds).toFixed(1));
    const ratio = Number((value / QPS).toFixed(3));
    console.log(`bulk_toggle (browser): ${items} closes, click → "${text}" in ${seconds.toFixed(1)} s = ${value}/s = ${ratio} of ${QPS}/s`);
    console.log(`  failed ${failed}, deliveries ${before} → ${after}, lost ${lost}, audited completions ${audited}`);
    return { name: "bulk_toggle", value, unit: "items/s", baseline: QPS, ratio, lost, audited, items, seconds: Number(seconds.toFixed(2)) };
  } finally {
    await browser.close();
    if (!stopped) await c.stop();
  }
}

runIfMain(import.meta.url, () => run());
