import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActiveUser } from "@/lib/auth/session";

const session = vi.hoisted(() => {
  process.env.CONSOLE_DATA_DIR = "memory://";
  return { user: null as ActiveUser | null };
});
vi.mock("@/lib/auth/session", () => ({ getActiveUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "vitest", "x-forwarded-for": "198.51.100.40" }) }));

const { GET } = await import("@/app/api/metrics/route");
const { readRoute } = await import("@/lib/http/read-route");
const { createActionFactory } = await import("@/lib/actions/safe-action");
const { shareImageSpec } = await import("@/lib/images/actions");
const { chainStatus } = await import("@/lib/audit/chain-status");
const { refreshFleet } = await import("@/lib/instances/fleet-index/live-index");
const { encode } = await import("@/lib/auth/jwt-codec");
const { activeSession } = await import("@/lib/auth/session-cookie");
const { getDb } = await import("@/lib/db/client");
const { clientFor, setFaults, resetEmulator, startEmulator } = await import("@/lib/ens/test/emulator-helpers");
const { metricValue } = await import("./metric-values");

const TOKEN = "metrics-test-token-0123456789abcdef";
const ADMIN: ActiveUser = { id: "00000000-0000-4000-8000-0000000000a1", email: "admin@metrics.test", role: "admin", name: null };
const OPERATOR: ActiveUser = { id: "00000000-0000-4000-8000-0000000000a2", email: "operator@metrics.test", role: "operator", name: null };
const VIEWER: ActiveUser = { id: "00000000-0000-4000-8000-0000000000a3", email: "viewer@metrics.test", role: "viewer", name: null };
const IMG = "m-1f2561e52a9e0854487599d9408c519";

const scrape = (headers: Record<string, string> = {}) => GET(new Request("http://127.0.0.1/api/metrics", { headers }));
const bearer = (token = TOKEN) => ({ authorization: `Bearer ${token}` });

let emu: Awaited<ReturnType<typeof startEmulator>>;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, servers: 2, aicsPerServer: 2, qps: 0 });
});
afterAll(async () => {
  await emu?.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
  session.user = null;
});

describe("/api/metrics access", () => {
  it("answers 404 while CONSOLE_METRICS_TOKEN is unset (metrics off)", async () => {
    vi.stubEnv("CONSOLE_METRICS_TOKEN", "");
    const res = await scrape(bearer());
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("");
  });

  it("answers 401, saying nothing, without the right bearer token", async () => {
    vi.stubEnv("CONSOLE_METRICS_TOKEN", TOKEN);
    for (const headers of [
      {},
      bearer("metrics-test-token-0123456789abcdeX"),
      bearer(TOKEN.slice(0, -1)),
      bearer(""),
      { authorization: TOKEN },
      { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}` },
    ]) {
      const res = await scrape(headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(await res.text()).toBe("");
    }
  });

  it("a valid browser session grants nothing", async () => {
    vi.stubEnv("CONSOLE_METRICS_TOKEN", TOKEN);
    vi.stubEnv("AUTH_SECRET", "metrics-test-auth-secret-0123456789abcdef");
    const now = Date.now();
    const value = await encode({
      token: { uid: ADMIN.id, role: "admin", email: ADMIN.email, loginAt: now, lastSeen: now },
      secret: process.env.AUTH_SECRET!,
      salt: "authjs.session-token",
    });
    expect(await activeSession({ name: "authjs.session-token", value })).toMatchObject({ uid: ADMIN.id });
    session.user = ADMIN;
    const res = await scrape({ cookie: `authjs.session-token=${value}` });
    expect(res.status).toBe(401);
    expect(await res.text()).toBe("");
  });

  it("serves the Prometheus text to the bearer of the token", async () => {
    vi.stubEnv("CONSOLE_METRICS_TOKEN", TOKEN);
    const res = await scrape({ authorization: `bearer  ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const name of [
      "aic_console_http_requests_total",
      "aic_console_action_outcomes_total",
      "aic_console_ens_calls_total",
      "aic_console_ens_call_seconds",
      "aic_console_ens_retries_total",
      "aic_console_audit_append_seconds",
      "aic_console_fleet_index_age_seconds",
      "aic_console_fleet_instances",
      "aic_console_operations_queue_depth",
      "aic_console_operations_oldest_queued_seconds",
      "aic_console_audit_chain_ok",
      "nodejs_eventloop_lag_seconds",
      "process_cpu_seconds_total",
    ])
      expect(text, name).toContain(`# TYPE ${name} `);
    // Nothing listed or verified yet in this process: unknown, not a misleading 0 or a 1970 age.
    for (const name of ["aic_console_fleet_index_age_seconds", "aic_console_fleet_instances", "aic_console_audit_chain_ok"])
      expect(text, name).toMatch(new RegExp(`^${name} NaN$`, "mi"));
  });
});

describe("what the counters count", () => {
  it("read routes: every answer by audit name and status, denials included", async () => {
    const route = readRoute("history.export", async () => Response.json({ ok: true }));
    const series = (status: string) => metricValue("aic_console_http_requests_total", { route: "history.export", status });
    const [ok, denied, anonymous] = await Promise.all([series("200"), series("403"), series("401")]);
    session.user = { ...VIEWER };
    expect((await route(new Request("http://127.0.0.1/api/x"), undefined)).status).toBe(403);
    session.user = { ...ADMIN };
    expect((await route(new Request("http://127.0.0.1/api/x"), undefined)).status).toBe(200);
    session.user = null;
    expect((await route(new Request("http://127.0.0.1/api/x"), undefined)).status).toBe(401);
    expect([await series("200"), await series("403"), await series("401")]).toEqual([ok + 1, denied + 1, anonymous + 1]);
  });

  it("actions by outcome, the ENS calls they make, and the audit appends", async () => {
    await resetEmulator(emu);
    const share = createActionFactory({
      resolveUser: async () => session.user,
      requestInfo: async () => ({ ip: "127.0.0.1", userAgent: "vitest" }),
      db: getDb,
      ens: () => clientFor(emu, { maxAttempts: 1 }),
    })(shareImageSpec);
    const outcome = (o: string) => metricValue("aic_console_action_outcomes_total", { action: "image.share", outcome: o });
    const shares = () => metricValue("aic_console_ens_calls_total", { action: "ShareAICImage", outcome: "success" });
    const appends = () => metricValue("aic_console_audit_append_seconds", {}, "_count");
    const before = { success: await outcome("success"), denied: await outcome("denied"), rejected: await outcome("rejected") };
    const [sharesBefore, appendsBefore] = [await shares(), await appends()];

    session.user = { ...OPERATOR };
    expect((await share({ imageId: IMG, users: ["1000000000000001"] })).ok).toBe(true);
    expect((await share({ imageId: IMG, users: ["12345"] })).ok).toBe(false);
    session.user = { ...VIEWER };
    expect((await share({ imageId: IMG, users: ["1000000000000001"] })).ok).toBe(false);

    expect({ success: await outcome("success"), denied: await outcome("denied"), rejected: await outcome("rejected") }).toEqual({
      success: before.success + 1,
      denied: before.denied + 1,
      rejected: before.rejected + 1,
    });
    expect(await shares()).toBe(sharesBefore + 1);
    // requested + completed of the share, and one event for each refusal.
    expect(await appends()).toBe(appendsBefore + 4);
  });

  it("ENS retries by action and code, and the failed call once", async () => {
    await setFaults(emu, { errorRate: 1, errors: ["Throttling.User"], actions: ["ListAICPublicKeys"] });
    const retries = () => metricValue("aic_console_ens_retries_total", { action: "ListAICPublicKeys", code: "Throttling.User" });
    const failed = () => metricValue("aic_console_ens_calls_total", { action: "ListAICPublicKeys", outcome: "failure" });
    const [r0, f0] = [await retries(), await failed()];
    await expect(clientFor(emu, { maxAttempts: 3 }).listAicPublicKeys({})).rejects.toMatchObject({ code: "Throttling.User" });
    expect([await retries(), await failed()]).toEqual([r0 + 2, f0 + 1]);
    await resetEmulator(emu);
  });
});

describe("the gauges, read at scrape time", () => {
  it("show the fleet index, the operations queue and the last chain verification", async () => {
    vi.stubEnv("CONSOLE_METRICS_TOKEN", TOKEN);
    const db = await getDb();
    await refreshFleet({ db, client: clientFor(emu) });
    await db.execute(sql`INSERT INTO operations (id, kind, params, selection, total, created_at)
      VALUES (${randomUUID()}, 'instance.reboot', '{}'::jsonb, 'test', 1, clock_timestamp() - interval '90 seconds')`);
    await chainStatus(true);
    const text = await (await scrape(bearer())).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
    expect(value("aic_console_fleet_instances")).toBe(4);
    expect(value("aic_console_fleet_index_age_seconds")).toBeGreaterThanOrEqual(0);
    expect(value("aic_console_fleet_index_age_seconds")).toBeLessThan(60);
    expect(value("aic_console_operations_queue_depth")).toBe(1);
    expect(value("aic_console_operations_oldest_queued_seconds")).toBeGreaterThanOrEqual(90);
    expect(value("aic_console_audit_chain_ok")).toBe(1);
  });
});
