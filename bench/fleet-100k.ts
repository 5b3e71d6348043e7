// The instances page with 100,000 AICs (12,500 servers × 8, 50 ms ENS latency), in Chromium against
// a built console on PostgreSQL, beside the same measures with 1,000 AICs (125 × 8) in the same run
// (the full run also measures 100,000 on PGlite: pgliteRss):
//   fleet_100k_first_row        median (and p95) ms from navigation start to the first row, index warm
//   fleet_100k_keystroke        p95 ms from a keydown in the search box to "0 of N instances"
//   fleet_100k_bytes            KB over the network (encoded) for a cold visit in a fresh context
//   fleet_100k_rss              RSS of the console's process after the measures above
//   fleet_listing_calls_20_tabs DescribeARMServerInstances calls/min with 20 open tabs (baseline: 1 tab)
// --quick: 20 keystrokes and 5 visits instead of 40 and 15, and no 20-tab window (the listing-calls figure).
// Run: npx tsx --conditions=react-server bench/fleet-100k.ts [--quick]
import fs from "node:fs";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { runIfMain } from "./standalone";
import { ensureBuild, launch, median, signedIn, startConsole, type Console, type Figure } from "./console-server";
import { clearResourceSteps, describeSteps, medians, readSteps } from "./request-steps";

/** Slots 11–13: ports 3361–3363 (console) and 18961–18963 (emulator). */
const SLOT_SMALL = 11;
const SLOT_LARGE = 12;
const SLOT_EMBEDDED = 13;
const LATENCY_MS = 50;
const AICS_PER_SERVER = 8;
const REFRESH_MS = 30_000;
const ROW = 'tr [role="switch"]';
/** Matches neither an instance id nor a name (ids and names are [a-z0-9-]). */
const EMPTY_CHAR = "~";
const LISTING = "DescribeARMServerInstances";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const r1 = (v: number) => Math.round(v * 10) / 10;
const r2 = (v: number) => Math.round(v * 100) / 100;
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.max(0, Math.ceil(s.length * 0.95) - 1)] : NaN;
}

/** ms from navigation start until a row with a login switch exists (in-page clock). */
async function firstRow(page: Page): Promise<number> {
  await page.goto("about:blank");
  await page.goto("/instances", { waitUntil: "commit" });
  const handle = await page.waitForFunction(
    (sel) => {
      if (!document.querySelector(sel)) return false;
      return performance.now();
    },
    ROW,
    { polling: "raf", timeout: 120_000 },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * One sample: the box holds `prefix` (an instance id, so "1 of N" shows, and the URL has caught
 * up), then one keydown of EMPTY_CHAR; ms from that keydown until the count reads "0 of …".
 * Each sample's query is new to the page, so react-query's cache cannot answer it.
 */
async function keystroke(page: Page, prefix: string): Promise<number | null> {
  const box = page.getByRole("searchbox", { name: "Search instances" });
  await box.fill(prefix);
  await page.waitForFunction(
    (q) => {
      const el = [...document.querySelectorAll('[aria-live="polite"]')].find((e) => / instances$/.test(e.textContent ?? ""));
      const m = /^([\d,]+) of ([\d,]+) instances$/.exec(el?.textContent ?? "");
      return !!m && m[1] !== "0" && new URL(location.href).searchParams.get("q") === q;
    },
    prefix,
    { timeout: 30_000 },
  );
  await sleep(150); // the URL's replace (300 ms after typing) and its render are done
  await box.focus();
  // A string, not a function: tsx's helpers (__name) do not exist in the page.
  await page.evaluate(`(() => {
    const el = [...document.querySelectorAll('[aria-live="polite"]')].find((e) => / instances$/.test(e.textContent ?? ""));
    window.__ks = new Promise((resolve) => {
      let t0 = 0;
      document.addEventListener("keydown", (e) => (t0 = e.timeStamp), { capture: true, once: true });
      const obs = new MutationObserver(() => {
        if (t0 && /^0 of /.test(el.textContent ?? "")) {
          obs.disconnect();
          resolve(performance.now() - t0);
        }
      });
      obs.observe(document.body, { subtree: true, childList: true, characterData: true });
      setTimeout(() => (obs.disconnect(), resolve(null)), 10000);
    });
  })()`);
  await page.keyboard.press(EMPTY_CHAR);
  return page.evaluate(() => (window as unknown as { __ks: Promise<number | null> }).__ks);
}

interface Bytes {
  total: number;
  requests: number;
  byType: Record<string, number>;
  htmlEncoding: string;
  fleetEncoding: string;
  fleetBytes: number;
  htmlBytes: number;
  /** The document's decoded size, and how many server ids (`cas-…`) it holds. */
  htmlDecoded: number;
  serverIdsInHtml: number;
  /** Page 0 of /api/fleet fetched by the page after the visit (not in `total`). */
  fleetFetch: { encoding: string; encoded: number; decoded: number };
}

/** A cold visit (fresh context with the session cookie only, empty cache): encoded bytes per CDP. */
async function coldBytes(browser: Browser, c: Console, storage: Awaited<ReturnType<BrowserContext["storageState"]>>): Promise<Bytes> {
  const ctx = await browser.newContext({ baseURL: c.url, viewport: { width: 1400, height: 900 }, storageState: storage });
  try {
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send("Network.enable");
    const reqs = new Map<string, { url: string; type: string; headerBytes: number; bytes: number; done: boolean; encoding: string }>();
    let lastActivity = Date.now();
    const isStream = (url: string) => url.includes("/api/events");
    cdp.on("Network.requestWillBeSent", (e) => {
      reqs.set(e.requestId, { url: e.request.url, type: e.type ?? "?", headerBytes: 0, bytes: 0, done: false, encoding: "" });
      if (!isStream(e.request.url)) lastActivity = Date.now();
    });
    cdp.on("Network.responseReceived", (e) => {
      const r = reqs.get(e.requestId);
      if (!r) return;
      const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      r.encoding = h["content-encoding"] ?? "none";
      r.headerBytes = e.response.encodedDataLength ?? 0;
    });
    cdp.on("Network.loadingFinished", (e) => {
      const r = reqs.get(e.requestId);
      if (!r) return;
      r.bytes = e.encodedDataLength;
      r.done = true;
      if (!isStream(r.url)) lastActivity = Date.now();
    });
    await page.goto("/instances", { waitUntil: "commit" });
    await page.waitForSelector(ROW, { timeout: 120_000 });
    // Settled: 1 s without a request starting or finishing (the /api/events stream stays open).
    for (const end = Date.now() + 20_000; Date.now() < end && Date.now() - lastActivity < 1000;) await sleep(100);
    const visit = new Map(reqs);
    // Not counted: page 0 of /api/fleet as the table would fetch it, for its encoding and size.
    const decoded = await page.evaluate(async () => (await (await fetch("/api/fleet?offset=0&limit=200")).text()).length);
    await sleep(300);
    const extra = [...reqs.entries()].find(([id, r]) => !visit.has(id) && new URL(r.url).pathname === "/api/fleet")?.[1];
    const out: Bytes = {
      total: 0,
      requests: 0,
      byType: {},
      htmlEncoding: "?",
      fleetEncoding: "not requested",
      fleetBytes: 0,
      htmlBytes: 0,
      htmlDecoded: 0,
      serverIdsInHtml: 0,
      fleetFetch: { encoding: extra?.encoding ?? "?", encoded: extra?.bytes ?? 0, decoded },
    };
    const doc = [...visit.entries()].find(([, r]) => r.type === "Document");
    if (doc) {
      try {
        const b = (await cdp.send("Network.getResponseBody", { requestId: doc[0] })) as { body: string; base64Encoded: boolean };
        const html = b.base64Encoded ? Buffer.from(b.body, "base64").toString("utf8") : b.body;
        out.htmlDecoded = Buffer.byteLength(html);
        out.serverIdsInHtml = html.match(/cas-[a-z0-9]{12}/g)?.length ?? 0;
      } catch {}
    }
    const fleetEnc = new Set<string>();
    for (const r of visit.values()) {
      const b = r.done ? r.bytes : r.headerBytes; // an open stream: what arrived with its headers
      out.total += b;
      out.requests++;
      out.byType[r.type] = (out.byType[r.type] ?? 0) + b;
      if (r.type === "Document") {
        out.htmlEncoding = r.encoding;
        out.htmlBytes += b;
      }
      if (new URL(r.url).pathname === "/api/fleet") {
        fleetEnc.add(r.encoding);
        out.fleetBytes += b;
      }
    }
    if (fleetEnc.size) out.fleetEncoding = [...fleetEnc].join("/");
    return out;
  } finally {
    await ctx.close();
  }
}

/** The `/api/fleet` encoding as a browser would get it (for when the cold visit asked for none). */
async function fleetEncodingDirect(page: Page): Promise<string> {
  const res = await page.request.get("/api/fleet?offset=0&limit=200", { headers: { "accept-encoding": "gzip, deflate, br" } });
  return res.headers()["content-encoding"] ?? "none";
}

/** Pid of the process listening on `port` (the `next start` server), from /proc. */
function listeningPid(port: number): number | undefined {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  const inodes = new Set<string>();
  for (const f of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = fs.readFileSync(f, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const col = line.trim().split(/\s+/);
      if (col.length > 9 && col[1].endsWith(hex) && col[3] === "0A") inodes.add(col[9]);
    }
  }
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1])) return Number(pid);
      } catch {}
    }
  }
  return undefined;
}

function rssMb(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rss: r1(kb("VmRSS") / 1024), hwm: r1(kb("VmHWM") / 1024) };
}

async function received(emuUrl: string, action: string): Promise<number> {
  const body = (await (await fetch(`${emuUrl}/__emulator/calls`)).json()) as { byAction: Record<string, { received: number }> };
  return body.byAction[action]?.received ?? 0;
}

interface Listing {
  calls: number;
  perMin: number;
  /** Bursts of listing calls seen while polling the call log: [calls, ms]. */
  bursts: [number, number][];
  fleetRequests: number;
}

type Storage = Awaited<ReturnType<BrowserContext["storageState"]>>;

/**
 * DescribeARMServerInstances calls while `tabs` tabs show /instances for `windowMs`. One browser
 * context per tab: each tab holds an /api/events stream, and Chromium keeps at most 6 HTTP/1.1
 * connections per host in a context, so a 7th tab in the same one would never load (see sameContextTabs).
 */
async function listingCalls(browser: Browser, storage: Storage, c: Console, tabs: number, windowMs: number): Promise<Listing> {
  const ctxs: BrowserContext[] = [];
  let fleetRequests = 0;
  let counting = false;
  try {
    for (let i = 0; i < tabs; i++) {
      const ctx = await browser.newContext({ baseURL: c.url, viewport: { width: 1400, height: 900 }, storageState: storage });
      ctxs.push(ctx);
      const p = await ctx.newPage();
      p.on("request", (r) => counting && new URL(r.url()).pathname === "/api/fleet" && fleetRequests++);
      await p.goto("/instances", { waitUntil: "commit", timeout: 60_000 });
      await p.waitForSelector(ROW, { timeout: 60_000 });
    }
    await sleep(1000);
    counting = true;
    const start = await received(c.emuUrl, LISTING);
    const t0 = Date.now();
    const bursts: [number, number][] = [];
    let last = start;
    let burst: { from: number; at: number; t: number } | null = null;
    while (Date.now() - t0 < windowMs) {
      await sleep(Math.min(200, Math.max(0, windowMs - (Date.now() - t0))));
      const n = await received(c.emuUrl, LISTING);
      const now = Date.now();
      if (n > last) {
        if (burst) burst.at = n;
        else burst = { from: last, at: n, t: now };
      } else if (burst) {
        bursts.push([burst.at - burst.from, now - burst.t]);
        burst = null;
      }
      last = n;
    }
    if (burst) bursts.push([burst.at - burst.from, Date.now() - burst.t]);
    const calls = last - start;
    counting = false;
    return { calls, perMin: r1((calls * 60_000) / windowMs), bursts, fleetRequests };
  } finally {
    for (const ctx of ctxs) await ctx.close();
  }
}

/** Diagnostic: how many /instances tabs of ONE browser context show a row within 20 s each (up to `max`). */
async function sameContextTabs(browser: Browser, storage: Storage, c: Console, max: number): Promise<number> {
  const ctx = await browser.newContext({ baseURL: c.url, viewport: { width: 1400, height: 900 }, storageState: storage });
  try {
    for (let i = 0; i < max; i++) {
      const p = await ctx.newPage();
      try {
        await p.goto("/instances", { waitUntil: "commit", timeout: 20_000 });
        await p.waitForSelector(ROW, { timeout: 20_000 });
      } catch {
        return i;
      }
    }
    return max;
  } finally {
    await ctx.close();
  }
}

interface Measured {
  label: string;
  startMs: number;
  coldFirstRowMs: number;
  firstRow: number[];
  keys: number[];
  keyTimeouts: number;
  /** Median ms per server step of the keystrokes' /api/fleet requests (Server-Timing). */
  keySteps: Record<string, number>;
  bytes: Bytes;
  fleetEncodingDirect: string;
  rss: { rss: number; hwm: number };
  rssAfterTabs?: { rss: number; hwm: number };
  listing?: { one: Listing; many: Listing; oneContext: number; tabs: number; windowMs: number };
}

async function measureFleet(
  slot: number,
  servers: number,
  o: { visits: number; keys: number; listing?: { tabs: number; windowMs: number }; postgres: boolean },
): Promise<Measured> {
  const label = `${(servers * AICS_PER_SERVER).toLocaleString("en-US")}${o.postgres ? "" : ", PGlite"}`;
  const t0 = performance.now();
  const c = await startConsole(
    slot,
    { servers, aicsPerServer: AICS_PER_SERVER, latencyMs: LATENCY_MS },
    { env: { CONSOLE_FLEET_REFRESH_MS: String(REFRESH_MS) }, postgres: o.postgres },
  );
  const startMs = performance.now() - t0;
  console.log(`  [${label}] emulator + console up in ${(startMs / 1000).toFixed(1)} s`);
  const browser = await launch();
  try {
    const page = await signedIn(browser, c);
    const coldFirstRowMs = await firstRow(page); // warm-up: loads the index, fills the JS cache
    console.log(`  [${label}] first visit (index cold): first row at ${r1(coldFirstRowMs)} ms`);
    const rows: number[] = [];
    for (let i = 0; i < o.visits; i++) rows.push(await firstRow(page));
    console.log(`  [${label}] first row (warm): median ${r1(median(rows))} ms, p95 ${r1(p95(rows))} ms`);

    const ids = ((await (await page.request.get("/api/fleet?offset=0&limit=200")).json()) as { rows: { id: string }[] }).rows.map(
      (r) => r.id,
    );
    if (ids.length < o.keys) throw new Error(`fleet_100k: only ${ids.length} ids for ${o.keys} keystrokes`);
    const keys: number[] = [];
    let keyTimeouts = 0;
    await clearResourceSteps(page);
    for (let i = 0; i < o.keys; i++) {
      const v = await keystroke(page, ids[(i * 7) % ids.length]);
      if (v === null) keyTimeouts++;
      else keys.push(v);
    }
    await page.getByRole("searchbox", { name: "Search instances" }).fill("");
    if (!keys.length) throw new Error("fleet_100k: no keystroke emptied the list");
    const keySteps = medians(await readSteps(page, "/api/fleet"));
    console.log(
      `  [${label}] keystroke: median ${r1(median(keys))} ms, p95 ${r1(p95(keys))} ms (${keys.length} samples, ${keyTimeouts} timed out)`,
    );
    console.log(`  [${label}] keystroke, where the server's time goes (median per /api/fleet request): ${describeSteps(keySteps)}`);

    const storage = await page.context().storageState();
    const bytes = await coldBytes(browser, c, storage);
    const direct = await fleetEncodingDirect(page);

    const pid = listeningPid(Number(new URL(c.url).port));
    if (!pid) throw new Error(`fleet_100k: no process listens on ${c.url}`);
    const rss = rssMb(pid);
    console.log(
      `  [${label}] cold visit ${r1(bytes.total / 1024)} KB (HTML ${bytes.htmlEncoding}, /api/fleet ${bytes.fleetEncoding}); RSS ${rss.rss} MB (pid ${pid})`,
    );

    let listing: Measured["listing"];
    let rssAfterTabs: Measured["rssAfterTabs"];
    if (o.listing) {
      await page.goto("about:blank"); // the one tab of the baseline is opened by listingCalls
      console.log(`  [${label}] listing calls: 1 tab for ${o.listing.windowMs / 1000} s …`);
      const one = await listingCalls(browser, storage, c, 1, o.listing.windowMs);
      console.log(`  [${label}]   ${one.calls} calls`);
      console.log(`  [${label}] listing calls: ${o.listing.tabs} tabs for ${o.listing.windowMs / 1000} s …`);
      const many = await listingCalls(browser, storage, c, o.listing.tabs, o.listing.windowMs);
      console.log(`  [${label}]   ${many.calls} calls`);
      rssAfterTabs = rssMb(pid);
      const oneContext = await sameContextTabs(browser, storage, c, 8);
      listing = { one, many, oneContext, ...o.listing };
    }
    return {
      label,
      startMs,
      coldFirstRowMs,
      firstRow: rows,
      keys,
      keyTimeouts,
      keySteps,
      bytes,
      fleetEncodingDirect: direct,
      rss,
      rssAfterTabs,
      listing,
    };
  } finally {
    await browser.close();
    await c.stop();
  }
}

export async function run({ quick = false }: { quick?: boolean } = {}): Promise<Figure[]> {
  ensureBuild();
  const visits = quick ? 5 : 15;
  const keys = quick ? 20 : 40;
  // A window of whole refresh periods holds the same number of listings whatever its phase.
  const listing = quick ? undefined : { tabs: 20, windowMs: 2 * REFRESH_MS };
  // PostgreSQL, what a fleet of this size runs on (several replicas share it). The full run measures
  // 100,000 on the embedded PGlite too, whose database lives in the console's own process.
  const small = await measureFleet(SLOT_SMALL, 125, { visits, keys, postgres: true });
  const large = await measureFleet(SLOT_LARGE, 12_500, { visits, keys, listing, postgres: true });
  const embedded = quick ? undefined : await measureFleet(SLOT_EMBEDDED, 12_500, { visits, keys, postgres: false });

  const kb = (b: number) => r1(b / 1024);
  const fig = (name: string, value: number, unit: string, baseline: number, extra: Record<string, unknown> = {}): Figure =>
    ({ name, value, unit, baseline, ratio: r2(value / baseline), ...extra }) as Figure;
  const L = large.listing;
  const figures: Figure[] = [
    fig("fleet_100k_first_row", r1(median(large.firstRow)), "ms", r1(median(small.firstRow)), {
      p95: r1(p95(large.firstRow)),
      baselineP95: r1(p95(small.firstRow)),
      visits,
    }),
    fig("fleet_100k_keystroke", r1(p95(large.keys)), "ms", r1(p95(small.keys)), {
      median: r1(median(large.keys)),
      baselineMedian: r1(median(small.keys)),
      samples: large.keys.length,
      timeouts: large.keyTimeouts,
      serverSteps: large.keySteps,
      baselineServerSteps: small.keySteps,
    }),
    fig("fleet_100k_bytes", kb(large.bytes.total), "KB", kb(small.bytes.total), {
      htmlEncoding: large.bytes.htmlEncoding,
      fleetEncoding: large.bytes.fleetEncoding,
      fleetEncodingDirect: large.fleetEncodingDirect,
      fleetPageEncoding: large.bytes.fleetFetch.encoding,
      fleetPageKB: kb(large.bytes.fleetFetch.encoded),
    }),
    fig("fleet_100k_rss", large.rss.rss, "MB", small.rss.rss, {
      hwm: large.rss.hwm,
      database: "PostgreSQL",
      ...(embedded ? { pgliteRss: embedded.rss.rss, pgliteHwm: embedded.rss.hwm } : {}),
    }),
    ...(L ? [fig("fleet_listing_calls_20_tabs", L.many.perMin, "calls/min", L.one.perMin, { windowMs: L.windowMs, tabs: L.tabs })] : []),
  ];

  const show = (m: Measured) =>
    [
      `  ${m.label} AICs: start ${(m.startMs / 1000).toFixed(1)} s; cold first row ${r1(m.coldFirstRowMs)} ms`,
      `    first row (warm, ${m.firstRow.length} visits): median ${r1(median(m.firstRow))} ms, p95 ${r1(p95(m.firstRow))} ms, max ${r1(Math.max(...m.firstRow))} ms`,
      `    keystroke (${m.keys.length} samples, ${m.keyTimeouts} timed out): median ${r1(median(m.keys))} ms, p95 ${r1(p95(m.keys))} ms, max ${r1(Math.max(...m.keys))} ms`,
      `    cold visit: ${kb(m.bytes.total)} KB in ${m.bytes.requests} requests (document ${kb(m.bytes.htmlBytes)} KB, /api/fleet ${kb(m.bytes.fleetBytes)} KB); ` +
        Object.entries(m.bytes.byType)
          .map(([t, b]) => `${t} ${kb(b)}`)
          .join(", "),
      `    content-encoding: HTML ${m.bytes.htmlEncoding}; /api/fleet on the cold visit ${m.bytes.fleetEncoding}; /api/fleet asked directly ${m.fleetEncodingDirect}`,
      `    document ${kb(m.bytes.htmlDecoded)} KB decoded, ${m.bytes.serverIdsInHtml} server ids in it; /api/fleet page 0 fetched by the page: ${m.bytes.fleetFetch.encoding}, ${kb(m.bytes.fleetFetch.encoded)} KB on the wire, ${kb(m.bytes.fleetFetch.decoded)} KB decoded`,
      `    RSS ${m.rss.rss} MB (peak ${m.rss.hwm} MB)${m.rssAfterTabs ? `; after the 20-tab window ${m.rssAfterTabs.rss} MB (peak ${m.rssAfterTabs.hwm} MB)` : ""}`,
      ...(m.listing
        ? [1, 2].map((k) => {
            const x = k === 1 ? m.listing!.one : m.listing!.many;
            const tabs = k === 1 ? 1 : m.listing!.tabs;
            return `    ${tabs} tab(s), ${m.listing!.windowMs / 1000} s: ${x.calls} ${LISTING} calls (${x.perMin}/min); bursts [calls, ms]: ${JSON.stringify(x.bursts)}; /api/fleet requests from the tabs ${x.fleetRequests}`;
          })
        : []),
      ...(m.listing ? [`    tabs of one browser context that load /instances (of 8 tried, 20 s each): ${m.listing.oneContext}`] : []),
    ].join("\n");
  console.log(`fleet_100k${quick ? " (quick)" : ""}: ${LATENCY_MS} ms ENS latency, refresh every ${REFRESH_MS / 1000} s`);
  console.log(show(small));
  console.log(show(large));
  if (embedded) console.log(show(embedded));
  const goal: Record<string, [number, string, (f: Figure) => boolean]> = {
    fleet_100k_first_row: [1000, "≤ 1000 ms", (f) => f.value <= 1000],
    fleet_100k_keystroke: [50, "≤ 50 ms p95", (f) => f.value <= 50],
    fleet_100k_bytes: [500, "≤ 500 KB", (f) => f.value <= 500],
    fleet_100k_rss: [400, "≤ 400 MB", (f) => f.value <= 400],
    fleet_listing_calls_20_tabs: [1, "ratio 1.0", (f) => Math.abs((f.ratio ?? 9) - 1) <= 0.05],
  };
  console.log("\n| figure | value | baseline | ratio | goal | met? |\n|---|---|---|---|---|---|");
  for (const f of figures) {
    const [, text, met] = goal[f.name]!;
    console.log(`| ${f.name} | ${f.value} ${f.unit} | ${f.baseline} | ${f.ratio} | ${text} | ${met(f) ? "yes" : "NO"} |`);
  }
  return figures;
}

runIfMain(import.meta.url, run);
