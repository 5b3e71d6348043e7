// JS weight benchmark: gzipped JS (zlib level 9 of each response body) that Chromium loads on a
// cold visit (fresh context, no cache) to /instances, /images/<id>/share, /history and
// /operations/<id> (an operation the bench starts first through the bulk dialog; in `npm run bench`,
// expiry_lateness's console and its operation, while it waits), against the
// lightest console page of the same build (the lightest of /keys and /images, named in the output:
// the console has no emptier page inside its layout).
// Run: npx tsx --conditions=react-server bench/js-weight.ts
import { gzipSync } from "node:zlib";
import type { Browser, BrowserContext } from "@playwright/test";
import { runIfMain } from "./standalone";
import { ensureBuild, launch, signedIn, startConsole, type Console, type Figure } from "./console-server";

const IMAGE = "m-1f2561e52a9e0854487599d9408c519";
const PAGES: Record<string, string> = { instances: "/instances", share: `/images/${IMAGE}/share`, history: "/history" };
const BASELINES = ["/keys", "/images"];
// Printed for reference only: an operator on /users gets the root not-found page (no console page code).
const NOT_FOUND = "/users";

type Cookies = Awaited<ReturnType<BrowserContext["cookies"]>>;

/** KB of gzipped JS fetched while loading `path` in a fresh context (empty cache) holding the session. */
async function jsKb(browser: Browser, c: Console, cookies: Cookies, path: string): Promise<number> {
  const ctx = await browser.newContext({ baseURL: c.url });
  await ctx.addCookies(cookies);
  const p = await ctx.newPage();
  const bodies: Promise<number>[] = [];
  p.on("response", (r) => {
    const type = r.headers()["content-type"] ?? "";
    if (r.request().resourceType() === "script" || type.includes("javascript"))
      bodies.push(
        r.body().then(
          (b) => gzipSync(b, { level: 9 }).length,
          () => 0,
        ),
      );
  });
  // Not "networkidle": a console page keeps its live-updates stream open.
  await p.goto(path, { waitUntil: "load" });
  // Scripts loaded after `load` (lazy chunks) count too: wait until none has come for 500 ms.
  let last = Date.now();
  p.on("response", () => void (last = Date.now()));
  for (const end = Date.now() + 3000; Date.now() < end && Date.now() - last < 500;) await p.waitForTimeout(100);
  const total = (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
  await ctx.close();
  return Math.round((total / 1024) * 10) / 10;
}

export async function run(): Promise<Figure[]> {
  ensureBuild();
  const c = await startConsole(3, { servers: 25, aicsPerServer: 4 });
  const browser = await launch();
  try {
    // An operation to show: a bulk close of the 100 instances, through the bulk dialog.
    const page = await signedIn(browser, c);
    await page.goto("/instances");
    await page.getByRole("button", { name: "Select all 100 matching" }).click({ timeout: 60_000 });
    await page.getByRole("toolbar", { name: "Bulk actions" }).getByRole("button", { name: "Close login…" }).click();
    await page.getByRole("dialog", { name: "Close login on 100 instances" }).getByRole("button", { name: "Close login on 100" }).click();
    await page.waitForURL(/\/operations\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    const operation = new URL(page.url()).pathname;
    await page.context().close();
    return await measureOn(browser, c, operation);
  } finally {
    await browser.close();
    await c.stop();
  }
}

/**
 * The figures on a running console (the bench operator's account) with an operation to show at
 * `operation` (bench/run.ts uses expiry_lateness's console and operation while it waits).
 */
export async function measureOn(browser: Browser, c: Console, operation: string): Promise<Figure[]> {
  const pages = { ...PAGES, operations: operation };
  // The sign-in's session for every measured visit; the login visit's cache goes with its context.
  const page = await signedIn(browser, c);
  const cookies = await page.context().cookies();
  await page.context().close();

  const base: Record<string, number> = {};
  for (const b of BASELINES) base[b] = await jsKb(browser, c, cookies, b);
  const [basePath, baseline] = Object.entries(base).sort((a, b) => a[1] - b[1])[0];
  const nf = await jsKb(browser, c, cookies, NOT_FOUND);
  console.log(
    `js_weight: gzipped JS on a cold visit; baseline ${basePath} = ${baseline} KB (${Object.entries(base)
      .map(([k, v]) => `${k} ${v} KB`)
      .join(", ")}; for reference the not-found page ${nf} KB)`,
  );
  const out: Figure[] = [];
  for (const [name, path] of Object.entries(pages)) {
    const value = await jsKb(browser, c, cookies, path);
    const ratio = Math.round((value / baseline) * 1000) / 1000;
    console.log(
      `  ${path.padEnd(48)} ${String(value).padStart(7)} KB  ratio ${ratio}  (goal ≤ 1.15: ${ratio <= 1.15 ? "met" : "NOT met"})`,
    );
    out.push({ name: `js_weight_${name}`, value, unit: "KB gz", baseline, ratio, page: path, baselinePage: basePath });
  }
  return out;
}

runIfMain(import.meta.url, () => run());
