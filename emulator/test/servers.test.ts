// DescribeARMServerInstances, RebootAICInstance, ResetAICInstance through the real SDK (V3 and V1).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_ACCESS_KEY, type RunningEmulator, startEmulator } from "../server";
import { call, callError, control, makeClient } from "./sdk";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: 42, servers: 60, aicsPerServer: 4, transitionMs: 300 });
});
afterAll(() => emu.close());
beforeEach(() => control(emu.url, "reset", {}));

const j = (x: unknown) => JSON.stringify(x);

describe.each([
  ["V3", false],
  ["V1", true],
])("DescribeARMServerInstances (%s)", (_n, v1) => {
  const client = () => makeClient(emu.endpoint, DEMO_ACCESS_KEY, { v1 });
  const describeServers = (q: Record<string, string | number | boolean> = {}) =>
    call(client(), "DescribeARMServerInstances", q, { method: "GET" });

  it("pages with defaults 1/10 and TotalCount counting servers", async () => {
    const p1 = await describeServers();
    expect(p1).toMatchObject({ PageNumber: 1, PageSize: 10, TotalCount: 60 });
    expect(p1.Servers).toHaveLength(10);
    const s = p1.Servers[0];
    expect(s.ServerId).toMatch(/^cas-[0-9a-z]{12}$/);
    expect(s.CreationTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(s.AICInstances).toHaveLength(4);
    const aic = s.AICInstances[0];
    expect(aic.InstanceId).toBe(`aic-${s.ServerId.slice(4)}-0`);
    expect(aic.ImageId).toMatch(/^m-[0-9a-f]{31}$/);
    expect(aic.NetworkAttributes.IpAddress).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(aic.Resolution).toMatch(/^\d+\*\d+$/);
    const last = await describeServers({ PageNumber: 6, PageSize: 10 });
    expect(last.Servers).toHaveLength(10);
    const beyond = await describeServers({ PageNumber: 7, PageSize: 10 });
    expect(beyond.Servers).toEqual([]);
    const all = await describeServers({ PageSize: 100 });
    expect(all.Servers).toHaveLength(60);
    expect(new Set(all.Servers.map((x: any) => x.ServerId)).size).toBe(60);
  });

  it("omits AICInstances when DescribeAICInstances=false", async () => {
    const got = await describeServers({ DescribeAICInstances: false, PageSize: 3 });
    expect(got.Servers[0].AICInstances).toBeUndefined();
    expect(got.Servers[0].ServerId).toBeDefined();
  });

  it("applies every filter", async () => {
    const all = (await describeServers({ PageSize: 100 })).Servers as any[];
    const [a, b] = all;
    expect((await describeServers({ ServerIds: j([a.ServerId, b.ServerId]) })).TotalCount).toBe(2);
    const region = a.EnsRegionId;
    const byRegion = await describeServers({ EnsRegionIds: j([region]), PageSize: 100 });
    expect(byRegion.TotalCount).toBe(all.filter((s) => s.EnsRegionId === region).length);
    expect(byRegion.Servers.every((s: any) => s.EnsRegionId === region)).toBe(true);
    const byState = await describeServers({ States: j(["success"]), PageSize: 100 });
    expect(byState.TotalCount).toBe(all.filter((s) => s.State === "success").length);
    const spec = a.AICInstances[0].Spec;
    const byAicSpec = await describeServers({ AICSpecs: j([spec]), PageSize: 100 });
    expect(byAicSpec.TotalCount).toBe(all.filter((s) => s.AICInstances.some((x: any) => x.Spec === spec)).length);
    const bySpec = await describeServers({ ServerSpecs: j([a.SpecName]), PageSize: 100 });
    expect(bySpec.TotalCount).toBe(all.filter((s) => s.SpecName === a.SpecName).length);
    expect((await describeServers({ Name: a.Name })).Servers[0].ServerId).toBe(a.ServerId);
    const byNs = await describeServers({ Namespace: "default", PageSize: 100 });
    expect(byNs.TotalCount).toBe(all.filter((s) => s.Namespace === "default").length);
    const day = a.CreationTime.slice(0, 10);
    const byDate = await describeServers({ MinDate: day, MaxDate: day, PageSize: 100 });
    expect(byDate.Servers.map((s: any) => s.ServerId)).toContain(a.ServerId);
    expect(byDate.Servers.every((s: any) => s.CreationTime.startsWith(day))).toBe(true);
    const tagged = all.find((s) => s.Tags.length > 0);
    const byTag = await describeServers({ Tags: j([tagged.Tags[0]]), PageSize: 100 });
    expect(byTag.TotalCount).toBe(
      all.filter((s) => s.Tags.some((t: any) => t.Key === tagged.Tags[0].Key && t.Value === tagged.Tags[0].Value)).length,
    );
  });

  it("sorts with OrderByParams", async () => {
    const desc = (await describeServers({ OrderByParams: j({ ServerIdSort: "desc" }), PageSize: 100 })).Servers.map((s: any) => s.ServerId);
    expect(desc).toEqual([...desc].sort().reverse());
    const byTime = (await describeServers({ OrderByParams: j({ CreationTimeSort: "asc" }), PageSize: 100 })).Servers.map(
      (s: any) => s.CreationTime,
    );
    expect(byTime).toEqual([...byTime].sort());
    const multi = (await describeServers({ OrderByParams: j({ EnsRegionIdSort: "asc", ServerNameSort: "desc" }), PageSize: 100 })).Servers;
    for (let i = 1; i < multi.length; i++) {
      const [p, c] = [multi[i - 1], multi[i]];
      expect(p.EnsRegionId <= c.EnsRegionId).toBe(true);
      if (p.EnsRegionId === c.EnsRegionId) expect(p.Name >= c.Name).toBe(true);
    }
  });

  it.each([
    [{ PageSize: 101 }, "InvalidParameter.PageSize"],
    [{ PageSize: 0 }, "InvalidParameter.PageSize"],
    [{ PageNumber: 0 }, "InvalidParameter.PageNumber"],
    [{ PageNumber: "x" }, "InvalidParameter.PageNumber"],
    [{ ServerIds: "[not json" }, "InvalidParameter.ServerIds"],
    [{ ServerIds: j(Array.from({ length: 21 }, (_, i) => `cas-${i}`)) }, "InvalidParameter.ServerIds"],
    [{ EnsRegionIds: j({ a: 1 }) }, "InvalidParameter.EnsRegionIds"],
    [{ States: j([1]) }, "InvalidParameter.States"],
    [{ AICSpecs: "nope" }, "InvalidParameter.AICSpecs"],
    [{ ServerSpecs: j(Array(21).fill("cas.cf53r")) }, "InvalidParameter.ServerSpecs"],
    [{ Tags: j([{ Value: "x" }]) }, "InvalidParameter.Tags"],
    [{ MinDate: "2024-13-01" }, "InvalidParameter.MinDate"],
    [{ MaxDate: "2024/01/01" }, "InvalidParameter.MaxDate"],
    [{ OrderByParams: j({ Foo: "asc" }) }, "InvalidParameter.OrderByParams"],
    [{ OrderByParams: j({ ServerIdSort: "up" }) }, "InvalidParameter.OrderByParams"],
    [{ OrderByParams: "{" }, "InvalidParameter.OrderByParams"],
    [{ DescribeAICInstances: "yes" }, "InvalidParameter.DescribeAICInstances"],
    [{ "ServerIds.1": "cas-x" }, "InvalidParameter.ServerIds"],
  ])("rejects %j with %s", async (q, code) => {
    const err = await callError(client(), "DescribeARMServerInstances", q as any, { method: "GET" });
    expect(err.code).toBe(code);
    expect(err.statusCode).toBe(400);
    const name = code.split(".")[1];
    expect(err.data.Message).toBe(`The specified field ${name} invalid. Please check it again.`);
  });
});

describe.each([
  ["V3", false],
  ["V1", true],
])("RebootAICInstance / ResetAICInstance (%s)", (_n, v1) => {
  const client = () => makeClient(emu.endpoint, DEMO_ACCESS_KEY, { v1 });
  const server = async (id: string) =>
    (await call(client(), "DescribeARMServerInstances", { ServerIds: j([id]) }, { method: "GET" })).Servers[0];
  const firstServer = async () => (await call(client(), "DescribeARMServerInstances", { PageSize: 1 }, { method: "GET" })).Servers[0];

  it("reboots by InstanceId and InstanceIds, then returns to success", async () => {
    const s = await firstServer();
    const [a, b, c] = s.AICInstances;
    await call(client(), "RebootAICInstance", { InstanceId: a.InstanceId }, { method: "GET" });
    await call(client(), "RebootAICInstance", { InstanceIds: j([b.InstanceId, c.InstanceId]) }, { method: "GET" });
    let after = await server(s.ServerId);
    expect(after.AICInstances.slice(0, 3).map((x: any) => x.State)).toEqual(["rebooting", "rebooting", "rebooting"]);
    await new Promise((r) => setTimeout(r, 400));
    after = await server(s.ServerId);
    expect(after.AICInstances.slice(0, 3).map((x: any) => x.State)).toEqual(["success", "success", "success"]);
    expect(after.AICInstances[0].Status).toBe("running");
  });

  it("answers a repeated listing with a fresh RequestId and never a stale page", async () => {
    const list = () => call(client(), "DescribeARMServerInstances", { PageSize: 100 }, { method: "GET" });
    const [first, again] = [await list(), await list()];
    expect(again.RequestId).not.toBe(first.RequestId);
    expect({ ...again, RequestId: "" }).toEqual({ ...first, RequestId: "" });
    const aic = first.Servers[5].AICInstances[2];
    await call(client(), "RebootAICInstance", { InstanceId: aic.InstanceId }, { method: "GET" });
    expect((await list()).Servers[5].AICInstances[2].State).toBe("rebooting");
    await new Promise((r) => setTimeout(r, 400));
    expect((await list()).Servers[5].AICInstances[2].State).toBe("success");
  });

  it("resets every AIC of a board by ServerId", async () => {
    const s = await firstServer();
    await call(client(), "ResetAICInstance", { ServerId: s.ServerId }, { method: "GET" });
    const after = await server(s.ServerId);
    expect(after.AICInstances.every((x: any) => x.State === "reseting")).toBe(true);
    await new Promise((r) => setTimeout(r, 400));
    expect((await server(s.ServerId)).AICInstances.every((x: any) => x.State === "success")).toBe(true);
  });

  it("rejects unknown targets, empty calls and too many ids, changing nothing", async () => {
    const s = await firstServer();
    const cases: Array<[string, Record<string, string>, string]> = [
      ["RebootAICInstance", { InstanceId: "aic-nope-0" }, "InvalidParameter.InstanceId"],
      ["RebootAICInstance", { InstanceIds: j([s.AICInstances[0].InstanceId, "aic-nope-1"]) }, "InvalidParameter.InstanceIds"],
      ["RebootAICInstance", { InstanceIds: j(Array.from({ length: 21 }, (_, i) => `aic-x-${i}`)) }, "InvalidParameter.InstanceIds"],
      ["RebootAICInstance", { InstanceIds: "aic-x" }, "InvalidParameter.InstanceIds"],
      ["RebootAICInstance", { ServerId: "cas-nope" }, "InvalidParameter.ServerId"],
      ["RebootAICInstance", {}, "Parameter.Invalid"],
      ["ResetAICInstance", { InstanceId: "aic-nope-0" }, "InvalidParameter.InstanceId"],
      ["ResetAICInstance", { ServerId: "cas-nope" }, "InvalidParameter.ServerId"],
      ["ResetAICInstance", {}, "Parameter.Invalid"],
    ];
    for (const [action, q, code] of cases) {
      const err = await callError(client(), action, q, { method: "GET" });
      expect(err.code, `${action} ${j(q)}`).toBe(code);
    }
    expect((await server(s.ServerId)).AICInstances[0].State).toBe(s.AICInstances[0].State);
  });
});
