import { describe, expect, it } from "vitest";
import type { InstanceView } from "./view";
import { applyView, parseView, viewToSearch } from "./list-params";

const row = (id: string, over: Partial<InstanceView> = {}): InstanceView => ({
  id,
  name: `name-${id}`,
  serverId: "cas-1",
  serverName: "",
  node: "cn-a",
  spec: "s1",
  imageId: "m-1",
  ip: "",
  state: "success",
  status: "running",
  tags: [],
  login: { open: false, keys: [] },
  ...over,
});

describe("instance list view", () => {
  const rows = [
    row("aic-b", { node: "cn-b", login: { open: true, keys: ["k"] } }),
    row("aic-a"),
    row("aic-c", { state: "rebooting", name: "Payments", tags: ["env=prod", "team=pay"] }),
  ];

  it("round-trips through the URL", () => {
    const v = parseView(new URLSearchParams("q=pay&node=cn-a&node=cn-b&login=open&sort=name&dir=desc"));
    expect(parseView(new URLSearchParams(viewToSearch(v).slice(1)))).toEqual(v);
  });

  it("filters by facet, login and free text over id and name, then sorts", () => {
    expect(applyView(rows, parseView(new URLSearchParams("node=cn-a"))).map((r) => r.id)).toEqual(["aic-a", "aic-c"]);
    expect(applyView(rows, parseView(new URLSearchParams("login=open"))).map((r) => r.id)).toEqual(["aic-b"]);
    expect(applyView(rows, parseView(new URLSearchParams("q=PAY"))).map((r) => r.id)).toEqual(["aic-c"]);
    expect(applyView(rows, parseView(new URLSearchParams("sort=id&dir=desc"))).map((r) => r.id)).toEqual(["aic-c", "aic-b", "aic-a"]);
  });

  it("filters by tag: key=value exactly, or a key with any value; several must all match", () => {
    expect(applyView(rows, parseView(new URLSearchParams("tag=env=prod"))).map((r) => r.id)).toEqual(["aic-c"]);
    expect(applyView(rows, parseView(new URLSearchParams("tag=team"))).map((r) => r.id)).toEqual(["aic-c"]);
    expect(applyView(rows, parseView(new URLSearchParams("tag=env=dev"))).map((r) => r.id)).toEqual([]);
    expect(applyView(rows, parseView(new URLSearchParams("tag=env=prod&tag=team=ops"))).map((r) => r.id)).toEqual([]);
    const v = parseView(new URLSearchParams("tag=env=prod&tag=team"));
    expect(parseView(new URLSearchParams(viewToSearch(v).slice(1)))).toEqual(v);
  });

  it("filters logins by expiry: closing within the hour, no expiry, opened outside, expiry failed", () => {
    const now = Date.parse("2026-12-02T12:00:00Z");
    const lease = (expiresAt: string | null, state: "active" | "closing" | "failed" = "active") => ({
      expiresAt,
      openedAt: "2026-12-02T11:00:00Z",
      openedBy: "op@x",
      reason: "INC-1",
      state,
      lastError: null,
      auditOperationId: null,
      adopted: false,
    });
    const logins = [
      row("aic-soon", { login: { open: true, keys: ["k"], lease: lease("2026-12-02T12:30:00Z") } }),
      row("aic-late", { login: { open: true, keys: ["k"], lease: lease("2026-12-02T15:00:00Z") } }),
      row("aic-never", { login: { open: true, keys: ["k"], lease: lease(null) } }),
      row("aic-out", { login: { open: true, keys: ["k"], lease: null, outside: true } }),
      row("aic-fail", { login: { open: true, keys: ["k"], lease: lease("2026-12-02T11:59:00Z", "failed") } }),
    ];
    const ids = (q: string) => applyView(logins, parseView(new URLSearchParams(q)), now).map((r) => r.id);
    expect(ids("login=closing-soon")).toEqual(["aic-fail", "aic-soon"]);
    expect(ids("login=no-expiry")).toEqual(["aic-never"]);
    expect(ids("login=outside")).toEqual(["aic-out"]);
    expect(ids("login=expiry-failed")).toEqual(["aic-fail"]);
  });

  it("ignores unknown sort keys and junk", () => {
    const v = parseView(new URLSearchParams("sort=__proto__&login=maybe&dir=sideways"));
    expect(v).toMatchObject({ sort: "id", login: "", dir: "asc" });
  });
});
