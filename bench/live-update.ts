// live_update: a change made in one browser, to its display in another browser signed in to the
// other replica. Two consoles (`next start`) on one throwaway PostgreSQL database (the console as
// aic_console, scripts/pg-roles.sql), one emulator (50 ms latency), the default fleet refresh
// (30 s), so what carries the change is the console's own path: the action on replica A, NOTIFY,
// replica B's /api/events stream, B's refetch and render. Browser A shows /instances/<id>, browser
// B /instances?q=<id> (separate browser contexts: separate sessions, cookies and connections);
// A clicks the open login switch; the time is from that click until B's row switch reads closed
// (both clocks are this machine's wall clock, performance.timeOrigin + now()). Baseline, same run:
// the same click until A's own switch has settled closed (the change's round trip on one replica).
// Run: npx tsx --conditions=react-server bench/live-update.ts [--quick]
import type { Page } from "@playwright/test";
import { createEnsClient } from "../lib/ens/client";
import { ensConfigFromEnv } from "../lib/ens/config";
import { runIfMain } from "./standalone";
import { ensureBuild, KEY_ID, KEY_SECRET, launch, median, pct, r1, r2, signedIn, sleep, startConsole, type Figure } from "./console-server";

const LATENCY_MS = 50;

/** Epoch ms at which `id`'s switch on `page` reads closed and not busy (waits in the page). */
function closedAt(page: Page, id: string): Promise<number> {
  return page
    .waitForFunction(
      (label) => {
        const sw = document.querySelector(`[role="switch"][aria-label="${label}"]`);
        if (!sw || sw.getAttribute("aria-checked") !== "false" || sw.hasAttribute("aria-busy")) return false;
        return performance.timeOrigin + performance.now();
      },
      `Login for ${id}`,
      { polling: "raf", timeout: 30_000 },
    )
    .then((h) => h.jsonValue() as Promise<number>);
}

export async function run({ quick = false }: { quick?: boolean } = {}): Promise<Figure[]> {
  ensureBuild();
  const samples = quick ? 6 : 20;
  let ids: string[] = [];
  const c = await startConsole(
    20,
    { servers: 10, aicsPerServer: 4, latencyMs: LATENCY_MS },
    {
      postgres: true,
      replicas: 2,
      // Logins open on ENS before the consoles start, so their first listing shows them open.
      beforeConsole: async (emuUrl) => {
        const ens = createEnsClient({
          ...ensConfigFromEnv({}),
          endpoint: new URL(emuUrl).host,
          protocol: "HTTP",
          accessKeyId: KEY_ID,
          accessKeySecret: KEY_SECRET,
        });
        ids = (await ens.listAllAicInstances()).map((r) => r.InstanceId).slice(0, samples + 1);
        for (const id of ids) await ens.manageAicLogin({ InstanceId: id, ActionName: "open", KeyName: "support-adb-key" });
      },
    },
  );
  const browser = await launch();
  try {
    const a = await signedIn(browser, c.urls[0]);
    const b = await signedIn(browser, c.urls[1]);
    const spread: number[] = [];
    const own: number[] = [];
    for (const [i, id] of ids.entries()) {
      const name = `Login for ${id}`;
      await Promise.all([a.goto(`/instances/${id}`), b.goto(`/instances?q=${encodeURIComponent(id)}`)]);
      for (const p of [a, b]) {
        await p.getByRole("switch", { name }).and(p.locator('[aria-checked="true"]:not([disabled])')).waitFor({ timeout: 30_000 });
        await p.locator('html[data-live="connected"]').waitFor({ timeout: 30_000 });
      }
      await sleep(300);
      const onB = closedAt(b, id);
      const onA = closedAt(a, id);
      const t0 = (await a.evaluate(`(() => {
        const sw = document.querySelector(${JSON.stringify(`[role="switch"][aria-label="${name}"]`)});
        const t = performance.timeOrigin + performance.now();
        sw.click();
        return t;
      })()`)) as number;
      const [tb, ta] = await Promise.all([onB, onA]);
      if (i === 0) continue; // the first change warms both replicas' code paths
      spread.push(tb - t0);
      own.push(ta - t0);
    }
    const value = r1(pct(spread, 95));
    const baseline = r1(pct(own, 95));
    console.log(
      `live_update: ${spread.length} closes in browser A (replica ${c.urls[0]}) → shown in browser B (replica ${c.urls[1]}), PostgreSQL`,
    );
    console.log(`  A click → B shows it: ${spread.map((x) => x.toFixed(0)).join(", ")} ms; p95 ${value}, median ${r1(median(spread))}`);
    console.log(`  A click → A settled:  ${own.map((x) => x.toFixed(0)).join(", ")} ms; p95 ${baseline}, median ${r1(median(own))}`);
    return [
      {
        name: "live_update",
        value,
        unit: "ms p95",
        baseline,
        ratio: r2(value / baseline),
        median: r1(median(spread)),
        baselineMedian: r1(median(own)),
        samples: spread.length,
        ensLatencyMs: LATENCY_MS,
      },
    ];
  } finally {
    await browser.close();
    await c.stop();
  }
}

runIfMain(import.meta.url, run);
