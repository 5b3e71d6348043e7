// Control endpoints, determinism from the seed, scale, and environment parsing.
import { describe, expect, it } from "vitest";
import { parseAccessKeys } from "../env";
import { optionsFromEnv } from "../env";
import { DEMO_ACCESS_KEY, startEmulator } from "../server";
import { isLoopback } from "../util";
import { call, control, makeClient } from "./sdk";

describe("control endpoints", () => {
  it("reset restores the seeded state, zeroes counters and clears faults", async () => {
    const emu = await startEmulator({ port: 0, servers: 5, aicsPerServer: 2, transitionMs: 60_000 });
    try {
      const c = makeClient(emu.endpoint, DEMO_ACCESS_KEY);
      const before = await call(c, "DescribeARMServerInstances", {}, { method: "GET" });
      expect(await control(emu.url, "state")).toEqual({ shares: {}, deliveries: 3, keys: 4 });
      await call(c, "UploadAICPublicKey", { KeyName: "temp-key-001", KeyType: "adb", Content: "x" });
      const aic = before.Servers[0].AICInstances[0].InstanceId;
      await call(c, "ManageAICLogin", { InstanceId: aic, ActionName: "open", KeyName: "temp-key-001" });
      await call(c, "RebootAICInstance", { InstanceId: aic }, { method: "GET" });
      const img = (await call(c, "DescribeAICImages")).Images[0].ImageId;
      await call(c, "ShareAICImage", { ImageId: img, Users: '["1111222233334444"]' });
      await control(emu.url, "faults", { latencyMs: 5 });
      expect(await control(emu.url, "state")).toEqual({ shares: { [img]: ["1111222233334444"] }, deliveries: 4, keys: 5 });
      expect((await control(emu.url, "calls")).total).toBe(6);

      expect(await control(emu.url, "reset", {})).toEqual({ ok: true });
      expect(await control(emu.url, "calls")).toEqual({ total: 0, byAction: {}, appliedByInstance: {} });
      expect(await control(emu.url, "state")).toEqual({ shares: {}, deliveries: 3, keys: 4 });
      expect(await (await fetch(`${emu.url}/__emulator/faults`)).json()).toEqual({});
      const after = await call(c, "DescribeARMServerInstances", {}, { method: "GET" });
      expect(after.Servers).toEqual(before.Servers);
    } finally {
      await emu.close();
    }
  });

  it("control routes are not API calls and unknown routes answer 404", async () => {
    const emu = await startEmulator({ port: 0, servers: 1, aicsPerServer: 1 });
    try {
      expect((await fetch(`${emu.url}/__emulator/nope`)).status).toBe(404);
      expect((await fetch(`${emu.url}/__emulator/calls`, { method: "DELETE" })).status).toBe(404);
      expect((await control(emu.url, "calls")).total).toBe(0);
    } finally {
      await emu.close();
    }
  });

  it("only loopback addresses count as local", () => {
    for (const a of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) expect(isLoopback(a)).toBe(true);
    for (const a of ["10.0.0.1", "::ffff:192.168.1.2", "fe80::1", undefined]) expect(isLoopback(a)).toBe(false);
  });
});

describe("determinism and scale", () => {
  const snapshot = async (seed: number) => {
    const emu = await startEmulator({ port: 0, seed, servers: 30, aicsPerServer: 3 });
    try {
      const c = makeClient(emu.endpoint, DEMO_ACCESS_KEY);
      const servers = (await call(c, "DescribeARMServerInstances", { PageSize: 100 }, { method: "GET" })).Servers;
      const images = (await call(c, "DescribeAICImages", { PageSize: "100" })).Images;
      return { servers, images };
    } finally {
      await emu.close();
    }
  };

  it("the same seed gives the same fleet; another seed another fleet; images stay stable", async () => {
    const a = await snapshot(42);
    const b = await snapshot(42);
    const c = await snapshot(43);
    expect(b).toEqual(a);
    expect(c.servers).not.toEqual(a.servers);
    expect(c.images).toEqual(a.images);
    const states = new Set(a.servers.flatMap((s: any) => s.AICInstances.map((x: any) => x.State)));
    expect(states.has("success")).toBe(true);
  });

  it("a 20,000-instance fleet answers a 100-server page quickly", async () => {
    const t0 = Date.now();
    const emu = await startEmulator({ port: 0, servers: 2500, aicsPerServer: 8 });
    const startMs = Date.now() - t0;
    try {
      expect(startMs).toBeLessThan(5000);
      const c = makeClient(emu.endpoint, DEMO_ACCESS_KEY);
      const t1 = Date.now();
      const page = await call(c, "DescribeARMServerInstances", { PageNumber: 13, PageSize: 100 }, { method: "GET" });
      const pageMs = Date.now() - t1;
      expect(page.TotalCount).toBe(2500);
      expect(page.Servers).toHaveLength(100);
      expect(page.Servers.reduce((n: number, s: any) => n + s.AICInstances.length, 0)).toBe(800);
      expect(pageMs).toBeLessThan(2000);
      const t2 = Date.now();
      const sorted = await call(
        c,
        "DescribeARMServerInstances",
        { PageNumber: 20, PageSize: 100, OrderByParams: '{"CreationTimeSort":"desc"}', States: '["success","failed"]' },
        { method: "GET" },
      );
      expect(Date.now() - t2).toBeLessThan(2000);
      expect(sorted.Servers.length).toBeGreaterThan(0);
      const ips = new Set(page.Servers.flatMap((s: any) => s.AICInstances.map((x: any) => x.NetworkAttributes.IpAddress)));
      expect(ips.size).toBe(800);
    } finally {
      await emu.close();
    }
  });
});

describe("optionsFromEnv", () => {
  it("has the documented defaults", () => {
    expect(optionsFromEnv({})).toEqual({
      port: 18787,
      host: "127.0.0.1",
      accessKeys: [DEMO_ACCESS_KEY],
      seed: 42,
      servers: 25,
      aicsPerServer: 8,
      latencyMs: 0,
      qps: 50,
    });
  });

  it("reads every variable, including limited keys", () => {
    const o = optionsFromEnv({
      ENS_EMULATOR_PORT: "0",
      ENS_EMULATOR_ACCESS_KEYS: "AK1:S1, AK2:S2:DescribeAICImages|ListAICPublicKeys",
      ENS_EMULATOR_SEED: "7",
      ENS_EMULATOR_SERVERS: "100",
      ENS_EMULATOR_AICS_PER_SERVER: "4",
      ENS_EMULATOR_LATENCY_MS: "50",
      ENS_EMULATOR_QPS: "0",
    });
    expect(o).toMatchObject({ port: 0, seed: 7, servers: 100, aicsPerServer: 4, latencyMs: 50, qps: 0 });
    expect(o.accessKeys).toEqual([
      { id: "AK1", secret: "S1" },
      { id: "AK2", secret: "S2", allowedActions: ["DescribeAICImages", "ListAICPublicKeys"] },
    ]);
    expect(() => optionsFromEnv({ ENS_EMULATOR_PORT: "abc" })).toThrow(/ENS_EMULATOR_PORT/);
    expect(() => parseAccessKeys("nosecret")).toThrow(/id:secret/);
  });
});
