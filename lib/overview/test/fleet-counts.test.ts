import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { createTranslator } from "next-intl";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ActiveUser } from "@/lib/auth/session";
import { clientFor, resetEmulator, startEmulator, type Emulator } from "@/lib/ens/test/emulator-helpers";
import type { FleetSnapshot, InstanceView } from "@/lib/instances/view";
import { applyView, parseView } from "@/lib/instances/list-params";
import { MESSAGES } from "@/lib/i18n/messages";
import { clearProcessSingleton, processSingleton } from "@/lib/singleton";
import { BACKENDS, freshDb } from "@/test/support/db";
import { fleetCounts } from "../fleet-counts";
import type { CountLink, OverviewView } from "../view";
import { countWords } from "../words";

vi.hoisted(() => {
  process.env.AUTH_SECRET ??= "overview-test";
  process.env.CONSOLE_DATA_DIR ??= "memory://";
});

const { getFleetPage, matchingInstances } = await import("@/lib/instances/read");
const { refreshFleet } = await import("@/lib/instances/fleet-index/live-index");
const allRows = () => matchingInstances(parseView(new URLSearchParams()));
const { readOverview } = await import("../read");

const en = createTranslator({ locale: "en", messages: MESSAGES.en, namespace: "overview" });
const nameOf = (l: CountLink) => countWords(en, l).name;

/** Every instances link of the overview with the number of rows the list (the server's /api/fleet) shows for it. */
async function listedByServer(fleet: OverviewView["fleet"]) {
  const links: CountLink[] = [...fleet.groups.flatMap((g) => g.items), ...fleet.logins];
  return Promise.all(
    links.map(async (l) => {
      const url = new URL(l.href, "http://console");
      const page = await getFleetPage(parseView(url.searchParams), { offset: 0, limit: 1 });
      return { name: nameOf(l), count: l.count, listed: page.matching };
    }),
  );
}

/** Every instances link of the overview with the number of rows the list shows for it. */
function listed(rows: InstanceView[], fleet: OverviewView["fleet"], now: number) {
  const links: CountLink[] = [...fleet.groups.flatMap((g) => g.items), ...fleet.logins];
  return links.map((l) => {
    const url = new URL(l.href, "http://console");
    expect(url.pathname).toBe("/instances");
    return { name: nameOf(l), count: l.count, listed: applyView(rows, parseView(url.searchParams), now).length };
  });
}

const agree = (checks: { name: string; count: number; listed: number }[]) => expect(checks.filter((c) => c.count !== c.listed)).toEqual([]);

const HOUR = 3_600_000;
const row = (id: string, over: Partial<InstanceView> = {}): InstanceView => ({
  id,
  name: id,
  serverId: "cas-1",
  serverName: "",
  node: "cn-a",
  spec: "s1",
  imageId: "m-1",
  ip: "",
  state: "running",
  status: "",
  tags: [],
  login: { open: false, keys: [] },
  ...over,
});
const lease = (expiresAt: number | null, state: "active" | "closing" | "failed" = "active") => ({
  expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
  openedAt: new Date(0).toISOString(),
  openedBy: "op@test",
  reason: "test",
  state,
  lastError: null,
  auditOperationId: null,
  adopted: false,
});

describe("fleet counts", () => {
  const now = Date.parse("2026-12-02T12:00:00Z");
  const open = (l: ReturnType<typeof lease> | null, outside = false) => ({ open: true, keys: ["k"], lease: l, outside });
  const rows = [
    row("a", { login: open(lease(now + 30 * 60_000)) }),
    row("b", { node: "cn-b", login: open(lease(null)) }),
    row("c", { node: "cn-b", state: "rebooting", login: open(null, true) }),
    row("d", { spec: "s2", login: open(lease(now - 60_000, "failed")) }),
    row("e", { spec: "s2", login: open(lease(now + 3 * HOUR)) }),
    row("f", { node: "", state: "", spec: "", login: { open: false, keys: [], lease: lease(now + 60_000), outside: true } }),
  ];
  const fleet = fleetCounts({ rows, asOf: new Date(now).toISOString() }, now);

  it("counts by state, node and spec, largest first, each summing to the fleet", () => {
    const byFacet = Object.fromEntries(fleet.groups.map((g) => [g.facet, g.items.map((i) => [countWords(en, i).label, i.count])]));
    expect(byFacet).toEqual({
      state: [
        ["running", 4],
        ["(none)", 1],
        ["rebooting", 1],
      ],
      node: [
        ["cn-a", 3],
        ["cn-b", 2],
        ["(none)", 1],
      ],
      spec: [
        ["s1", 3],
        ["s2", 2],
        ["(none)", 1],
      ],
    });
    for (const g of fleet.groups) expect(g.items.reduce((n, i) => n + i.count, 0)).toBe(rows.length);
  });

  it("counts logins with the list's own filter: open, closing within the hour, outside, no expiry, expiry failed", () => {
    expect(fleet.logins.map((l) => [l.href, l.count])).toEqual([
      ["/instances?login=open", 5],
      ["/instances?login=closing-soon", 2],
      ["/instances?login=outside", 1],
      ["/instances?login=no-expiry", 1],
      ["/instances?login=expiry-failed", 1],
    ]);
  });

  it("every count equals the rows of the list its link opens, empty values included", () => {
    agree(listed(rows, fleet, now));
    const none = fleet.groups[0].items.find((i) => countWords(en, i).label === "(none)");
    expect(none).toMatchObject({ href: "/instances?state=", what: { facet: "state", value: "" } });
    expect(nameOf(none!)).toBe("1 instance with no state");
  });

  it("names each link by what it counts and the number", () => {
    const names = [...fleet.groups.flatMap((g) => g.items), ...fleet.logins].map(nameOf);
    expect(names).toContain("4 instances in state running");
    expect(names).toContain("2 instances on node cn-b");
    expect(names).toContain("2 instances of spec s2");
    expect(names).toContain("5 logins open now");
    expect(names).toContain("2 logins closing in the next hour");
    expect(names).toContain("1 login opened outside the console");
    expect(names).toContain("1 open login with no expiry");
    expect(names).toContain("1 login whose expiry failed");
  });
});

describe.each(BACKENDS)("the overview read on %s, against the emulator", (backend) => {
  let emu: Emulator;
  let handle: Awaited<ReturnType<typeof freshDb>>;
  const viewer: ActiveUser = { id: "u1", email: "viewer@test", role: "viewer", name: null };

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, servers: 4, aicsPerServer: 4, qps: 0 });
  });
  afterAll(async () => emu?.close());
  beforeEach(async () => {
    await resetEmulator(emu);
    handle = await freshDb(backend);
    // getFleet and getDb read these process-wide values: point them at this test's emulator and database.
    for (const k of ["db", "ens-client", "fleet-index"]) clearProcessSingleton(k);
    processSingleton("db", () => Promise.resolve(handle));
    processSingleton("ens-client", () => clientFor(emu, { maxAttempts: 1 }));
  });
  afterEach(async () => {
    for (const k of ["db", "ens-client", "fleet-index"]) clearProcessSingleton(k);
    await handle.drop();
  });

  it("counts the fleet the index gives, leases and drift findings included, as the list filters it", async () => {
    await refreshFleet();
    const first: FleetSnapshot = { rows: await allRows(), asOf: "" };
    const baseline = first.rows.filter((r) => r.login.open).length;
    const closed = first.rows.filter((r) => !r.login.open).map((r) => r.id);
    expect(closed.length).toBeGreaterThanOrEqual(7);
    const [soon, noExpiry, outside, failed, later, staleLease, staleDrift] = closed;
    const client = clientFor(emu);
    for (const id of [soon, noExpiry, outside, failed, later])
      await client.manageAicLogin({ InstanceId: id, ActionName: "open", KeyName: "ops-debug-key" });
    const leaseRow = (id: string, expires: string, state = "active") =>
      handle.db.execute(sql`INSERT INTO login_leases (instance_id, expires_at, reason, state)
        VALUES (${id}, ${sql.raw(expires)}, 'overview test', ${state})`);
    await leaseRow(soon, "clock_timestamp() + interval '30 minutes'");
    await leaseRow(noExpiry, "NULL");
    await leaseRow(failed, "clock_timestamp() - interval '5 minutes'", "failed");
    await leaseRow(later, "clock_timestamp() + interval '3 hours'");
    await leaseRow(staleLease, "clock_timestamp() + interval '10 minutes'");
    for (const id of [outside, staleDrift])
      await handle.db.execute(
        sql`INSERT INTO login_drift (instance_id, keys, audit_operation_id) VALUES (${id}, '["k"]'::jsonb, ${randomUUID()})`,
      );

    // ENS changed behind the index: list it again; readOverview and the list below then share it.
    await refreshFleet();
    const overview = await readOverview(viewer);
    const now = Date.now();
    const rows = await allRows();
    expect(overview.fleet.total).toBe(rows.length);
    expect(Object.fromEntries(overview.fleet.logins.map((l) => [new URL(l.href, "http://c").searchParams.get("login"), l.count]))).toEqual({
      open: baseline + 5,
      "closing-soon": 2,
      outside: 1,
      "no-expiry": 1,
      "expiry-failed": 1,
    });
    agree(listed(rows, overview.fleet, now));
    agree(await listedByServer(overview.fleet));
    for (const g of overview.fleet.groups) {
      expect(g.items.length).toBeGreaterThan(0);
      expect(g.items.reduce((n, i) => n + i.count, 0)).toBe(rows.length);
    }
    // The operations half reads this database's log (empty here): the links still point at History.
    expect(overview.operations.failed).toMatchObject({ count: 0, href: "/history?outcome=failure&range=24h" });
    expect(overview.operations.unknown.href).toBe("/history?outcome=unknown&range=24h");
    expect(overview.operations.unresolved.href).toBe("/history?outcome=unresolved");
    expect(overview.operations.hours).toHaveLength(24);
  });
});
