import { describe, expect, it } from "vitest";
import type { InstanceView } from "./types";
import { applyView, parseView, viewToSearch } from "./view";

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
  login: { open: false, keys: [] },
  ...over,
});

describe("instance list view", () => {
  const rows = [
    row("aic-b", { node: "cn-b", login: { open: true, keys: ["k"] } }),
    row("aic-a"),
    row("aic-c", { state: "rebooting", name: "Payments" }),
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

  it("ignores unknown sort keys and junk", () => {
    const v = parseView(new URLSearchParams("sort=__proto__&login=maybe&dir=sideways"));
    expect(v).toMatchObject({ sort: "id", login: "", dir: "asc" });
  });
});
