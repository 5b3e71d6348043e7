// Action overhead benchmark: p50 of a login close in Chromium, from the click on the switch until it
// shows the state read back from ENS (aria-checked false, not busy), minus the emulator's latency
// for the two sequential ENS calls a toggle makes (ManageAICLogin, then ListAICPublicKeyDeliveries).
// Baseline, in the same run and build: the floor, a no-op server action that waits the same 100 ms
// behind the same client path (bench/floor, page /bench-floor, built into benchmark builds only).
// Goal: the overhead at most 1.25× the floor.
// Run: npx tsx --conditions=react-server bench/action-overhead.ts [--quick]
import type { Page } from "@playwright/test";
import { runIfMain } from "./standalone";
import { createEnsClient } from "../lib/ens/client";
import { ensConfigFromEnv } from "../lib/ens/config";
import { ensureBuild, launch, median, signedIn, startConsole, type Figure } from "./console-server";
import { actionSteps, describeSteps, medians } from "./request-steps";

const LATENCY_MS = 50;
const ENS_CALLS = 2;
const WAIT_MS = ENS_CALLS * LATENCY_MS;

interface Sample {
  total: number;
  before?: number;
  server?: number;
  request?: number;
  after?: number;
}

/** Visits each page, clicks its open switch, and times it until it shows closed and not busy. */
async function timeToggles(page: Page, targets: Array<{ url: string; name: string }>): Promise<Sample[]> {
  const runs: Sample[] = [];
  for (const [i, t] of targets.entries()) {
    await page.goto(t.url);
    const sw = page.getByRole("switch", { name: t.name });
    await sw.and(page.locator('[aria-checked="true"]:not([disabled])')).waitFor({ timeout: 30_000 });
    // Not "networkidle": the live-updates stream stays open. Connected, then a moment to settle.
    // (the floor page sits outside the console's layout and holds no stream)
    if (t.url !== "/bench-floor") await page.locator('html[data-live="connected"]').waitFor({ state: "attached", timeout: 30_000 });
    await page.waitForTimeout(300);
    // A string, not a function: tsx's helpers (__name) do not exist in the page. The server
    // action's POST is the one fetch to the page's own URL after the click (resource timing).
    const s = (await page.evaluate(`new Promise((resolve, reject) => {
      const sw = document.querySelector(${JSON.stringify(`[role="switch"][aria-label="${t.name}"]`)});
      const done = () => sw.getAttribute("aria-checked") === "false" && !sw.hasAttribute("aria-busy") && !sw.disabled;
      performance.clearResourceTimings(); // the buffer holds 250 entries; page visits fill it
      const t0 = performance.now();
      const obs = new MutationObserver(() => {
        if (!done()) return;
        obs.disconnect();
        const total = performance.now() - t0;
        // The POST's timing entry is filed when its body ends, which can be just after the switch settles.
        const findPost = (tries) => {
          const post = performance.getEntriesByType("resource").find((e) => e.initiatorType === "fetch" && e.startTime >= t0 && e.name === location.href);
          if (!post && tries > 0) return setTimeout(() => findPost(tries - 1), 20);
          resolve(post ? { total, before: post.startTime - t0, server: post.responseStart - post.requestStart, request: post.responseEnd - post.startTime, after: t0 + total - post.responseEnd } : { total });
        };
        findPost(25);
      });
      obs.observe(document.body, { subtree: true, attributes: true, childList: true });
      setTimeout(() => (obs.disconnect(), reject(new Error("toggle did not settle"))), 20000);
      sw.click();
    })`)) as Sample;
    if (i > 0) runs.push(s); // the first toggle warms the action's server code
  }
  return runs;
}

const p50 = (runs: Sample[], k: keyof Sample) => median(runs.map((x) => x[k]).filter((v): v is number => typeof v === "number"));
const r1 = (x: number) => Math.round(x * 10) / 10;

export async function run({ quick = false }: { quick?: boolean } = {}): Promise<Figure[]> {
  ensureBuild();
  const samples = quick ? 7 : 25;
  const c = await startConsole(4, { servers: 25, aicsPerServer: 4, latencyMs: LATENCY_MS });
  const browser = await launch();
  try {
    const ens = createEnsClient({
      ...ensConfigFromEnv({}),
      endpoint: c.emuUrl.replace("http://", ""),
      protocol: "HTTP",
      accessKeyId: "LTAI5tEmulatorDemoKey01",
      accessKeySecret: "emulator-demo-secret-0123456789abcdef",
    });
    const ids = (await ens.listAllAicInstances()).map((r) => r.InstanceId).slice(10, 11 + samples);
    for (const id of ids) await ens.manageAicLogin({ InstanceId: id, ActionName: "open", KeyName: "support-adb-key" });
    const page = await signedIn(browser, c);
    const runs = await timeToggles(
      page,
      ids.map((id) => ({ url: `/instances/${id}`, name: `Login for ${id}` })),
    );
    const hasFloor = (await page.goto("/bench-floor"))?.status() === 200;
    const floorRuns = hasFloor
      ? await timeToggles(
          page,
          ids.map(() => ({ url: "/bench-floor", name: "Login for floor" })),
        )
      : [];

    const raw = p50(runs, "total");
    const value = r1(raw - WAIT_MS);
    const floor = hasFloor ? r1(p50(floorRuns, "total") - WAIT_MS) : undefined;
    console.log(
      `action_overhead: ${runs.length} closes on /instances/<id>, emulator latency ${LATENCY_MS} ms × ${ENS_CALLS} sequential calls`,
    );
    console.log(
      `  click → settled p50 ${raw.toFixed(1)} ms (runs: ${runs.map((t) => t.total.toFixed(0)).join(", ")}) → overhead ${value} ms (goal ≤ 1.25× the floor)`,
    );
    console.log(
      `  where it goes (p50 each): click → request sent ${p50(runs, "before").toFixed(1)} ms; server ${p50(runs, "server").toFixed(1)} ms ` +
        `(${(p50(runs, "server") - WAIT_MS).toFixed(1)} beyond the ${WAIT_MS} ms of ENS latency); whole request ${p50(runs, "request").toFixed(1)} ms; response → settled ${p50(runs, "after").toFixed(1)} ms`,
    );
    const serverSteps = medians(actionSteps(c.logLines(), "login.close"));
    console.log(`  on the server, per close (median of the console's log lines): ${describeSteps(serverSteps)}`);
    if (floor === undefined) {
      console.log("  floor: this build has no /bench-floor page (built without CONSOLE_BENCH_FLOOR=1); no baseline");
    } else {
      console.log(
        `  floor: a no-op server action waiting ${WAIT_MS} ms behind the same client path costs ${floor} ms over its wait ` +
          `(server ${(p50(floorRuns, "server") - WAIT_MS).toFixed(1)}, browser ${(p50(floorRuns, "before") + p50(floorRuns, "after")).toFixed(1)}); the console's own share is ${r1(value - floor)} ms`,
      );
    }
    return [
      {
        name: "action_overhead",
        value,
        unit: "ms",
        baseline: floor ?? null,
        ratio: floor ? Math.round((value / floor) * 100) / 100 : null,
        samples: runs.length,
        clickToSettledP50: r1(raw),
        ensLatencyMs: WAIT_MS,
        serverP50: r1(p50(runs, "server")),
        floorServerP50: hasFloor ? r1(p50(floorRuns, "server")) : null,
        consoleShareMs: floor === undefined ? null : r1(value - floor),
        serverSteps,
      },
    ];
  } finally {
    await browser.close();
    await c.stop();
  }
}

runIfMain(import.meta.url, run);
