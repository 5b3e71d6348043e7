import { describe, expect, it } from "vitest";
import type { InstanceView, LoginOverlay } from "@/lib/instances/view";
import { applyView, parseView } from "@/lib/instances/list-params";
import { FleetIndex } from "../fleet-index";
import { queryFleet } from "../query";
import type { IndexRow } from "../rows";

// The server's view (index + precomputed orders) must show exactly what the list showed when it
// filtered in the browser (applyView, kept as the reference): same rows, same order, same counts.

const NOW = Date.parse("2026-12-02T12:00:00Z");
const pick = <T>(xs: T[], n: number) => xs[n % xs.length];

function fleet(n: number): { rows: IndexRow[]; overlays: Map<string, LoginOverlay> } {
  const rows: IndexRow[] = [];
  const overlays = new Map<string, LoginOverlay>();
  for (let i = 0; i < n; i++) {
    const open = i % 3 === 0;
    const id = `aic-${String((i * 7919) % n).padStart(5, "0")}`;
    rows.push({
      id,
      name: pick(["alpha", "beta", "Gamma", ""], i),
      serverId: `cas-${i % 17}`,
      serverName: "",
      node: pick(["cn-a", "cn-b", "cn-c"], i),
      spec: pick(["s1", "s2"], i >> 1),
      imageId: "m-1",
      ip: "",
      state: pick(["success", "rebooting", "failed"], i >> 2),
      status: "running",
      tags: i % 5 === 0 ? ["env=prod", "team=a"] : i % 5 === 1 ? ["env=dev"] : [],
      login: open ? { open: true, keys: ["k"] } : { open: false, keys: [] },
    });
    if (open && i % 2 === 0) {
      const expiresAt = i % 4 === 0 ? new Date(NOW + (i % 8) * 20 * 60_000).toISOString() : null;
      overlays.set(id, {
        lease: {
          expiresAt,
          openedAt: new Date(NOW).toISOString(),
          openedBy: "op",
          reason: "r",
          state: i % 12 === 0 ? "failed" : "active",
          lastError: null,
          auditOperationId: null,
          adopted: false,
        },
        outside: false,
      });
    } else if (open && i % 7 === 0) overlays.set(id, { lease: null, outside: true });
  }
  return { rows, overlays };
}

const VIEWS = [
  "",
  "sort=name",
  "sort=name&dir=desc",
  "sort=state&dir=desc&node=cn-b",
  "q=ALP",
  "q=aic-001&sort=login",
  "login=open",
  "login=closing-soon",
  "login=no-expiry&sort=server",
  "login=outside",
  "login=expiry-failed",
  "login=closed&spec=s2&state=failed",
  "tag=env=prod",
  "tag=env&tag=team",
  "server=cas-3&server=cas-4&sort=spec&dir=desc",
  "q=zzz",
];

describe("the fleet index's query", () => {
  const { rows, overlays } = fleet(3000);
  const index = new FleetIndex();
  index.replace(rows, { id: 1, listedFrom: NOW, listedAt: NOW, digest: "" });
  const views: InstanceView[] = rows.map((r) => ({
    ...r,
    login: { ...r.login, lease: overlays.get(r.id)?.lease ?? null, outside: !!overlays.get(r.id)?.outside && r.login.open },
  }));

  it.each(VIEWS)("?%s: the same rows in the same order as the reference filter, and every window of them", (search) => {
    const v = parseView(new URLSearchParams(search));
    const expected = applyView(views, v, NOW).map((r) => r.id);
    const all = queryFleet(index, v, { offset: 0, limit: 10_000 }, overlays, NOW);
    expect(all.rows.map((r) => r.id)).toEqual(expected);
    expect(all.matching).toBe(expected.length);
    expect(all.total).toBe(3000);
    const win = queryFleet(index, v, { offset: 40, limit: 25 }, overlays, NOW);
    expect(win.rows.map((r) => r.id)).toEqual(expected.slice(40, 65));
    expect(win.offset).toBe(40);
  });

  it("counts each login filter as choosing it would list, with the other filters kept", () => {
    for (const search of ["", "node=cn-a", "q=beta&spec=s1"]) {
      const v = parseView(new URLSearchParams(search));
      const { loginCounts } = queryFleet(index, v, { offset: 0, limit: 1 }, overlays, NOW);
      for (const [f, n] of Object.entries(loginCounts))
        expect([search, f, n]).toEqual([search, f, applyView(views, { ...v, login: f as never }, NOW).length]);
    }
  });

  it("a patch shows at once, re-sorts the sort it changes, and survives a replacement by an older listing", () => {
    const idx = new FleetIndex();
    idx.replace(rows, { id: 1, listedFrom: NOW, listedAt: NOW, digest: "" });
    const target = rows.find((r) => !r.login.open)!.id;
    const byLogin = parseView(new URLSearchParams("sort=login&dir=desc"));
    const before = queryFleet(idx, byLogin, { offset: 0, limit: 5000 }, new Map(), NOW).rows.findIndex((r) => r.id === target);
    idx.patch(target, { login: { open: true, keys: ["k"] } }, NOW + 1000);
    const after = queryFleet(idx, byLogin, { offset: 0, limit: 5000 }, new Map(), NOW);
    expect(after.rows.findIndex((r) => r.id === target)).toBeLessThan(before);
    expect(idx.get(target)?.login.open).toBe(true);
    // A listing that began before the patch does not undo it; one that began after it replaces it.
    idx.replace(rows, { id: 2, listedFrom: NOW + 500, listedAt: NOW + 2000, digest: "" });
    expect(idx.get(target)?.login.open).toBe(true);
    idx.replace(rows, { id: 3, listedFrom: NOW + 1500, listedAt: NOW + 3000, digest: "" });
    expect(idx.get(target)?.login.open).toBe(false);
  });
});
