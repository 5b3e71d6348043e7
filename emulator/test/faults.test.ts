// Fault injection, permissions, throttling and base latency through the real SDK.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_ACCESS_KEY, type RunningEmulator, startEmulator } from "../server";
import { call, callError, control, makeClient } from "./sdk";

const LIMITED = { id: "LTAI5tLimitedKey0001", secret: "limited-secret", allowedActions: ["DescribeAICImages"] };
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, servers: 4, aicsPerServer: 2, accessKeys: [DEMO_ACCESS_KEY, LIMITED] });
});
afterAll(() => emu.close());
beforeEach(() => control(emu.url, "reset", {}));

const client = (v1 = false, readTimeout?: number) => makeClient(emu.endpoint, DEMO_ACCESS_KEY, { v1, readTimeout });
const share = async (c = client()) => {
  const img = (await call(c, "DescribeAICImages", { Status: "available" })).Images[0];
  return callError(c, "ShareAICImage", { ImageId: img.ImageId, Users: JSON.stringify(["1234567890123456"]) });
};

describe("permissions", () => {
  it.each([false, true])("a limited key gets NoPermission outside its actions (v1=%s)", async (v1) => {
    const limited = makeClient(emu.endpoint, LIMITED, { v1 });
    await call(limited, "DescribeAICImages");
    const err = await callError(limited, "ListAICPublicKeys");
    expect(err.code).toBe("NoPermission");
    expect(err.statusCode).toBe(400);
    expect(err.data.Message).toBe("Permission denied.");
  });
});

describe("fault modes", () => {
  it.each([
    ["InternalError", 500],
    ["ServiceUnavailable", 503],
    ["Throttling.User", 400],
    ["NoPermission", 400],
  ])("%s answers a JSON error with HTTP %i", async (code, status) => {
    await control(emu.url, "faults", { errorRate: 1, errors: [code] });
    for (const v1 of [false, true]) {
      const err = await callError(client(v1), "ListAICPublicKeys");
      expect(err.code).toBe(code);
      expect(err.statusCode).toBe(status);
    }
    const calls = await control(emu.url, "calls");
    expect(calls.byAction.ListAICPublicKeys).toEqual({ received: 2, ok: 0, failed: 2 });
  });

  it("NoPermission can be forced on one action only", async () => {
    await control(emu.url, "faults", { errorRate: 1, errors: ["NoPermission"], actions: ["ShareAICImage"] });
    const err = await share();
    expect(err.code).toBe("NoPermission");
    expect((await control(emu.url, "state")).shares).toEqual({});
  });

  it("Html503 answers an HTML 503 that the SDK cannot parse", async () => {
    await control(emu.url, "faults", { errorRate: 1, errors: ["Html503"] });
    const err = await callError(client(), "ListAICPublicKeys");
    expect(err).toBeInstanceOf(SyntaxError);
    expect(err.code).toBeUndefined();
    const res = await fetch(`${emu.url}/?Action=ListAICPublicKeys`);
    // Unsigned: rejected before faults apply.
    expect(res.headers.get("content-type")).toContain("application/json");
  });

  it("ConnectionReset drops the socket without a response", async () => {
    await control(emu.url, "faults", { errorRate: 1, errors: ["ConnectionReset"] });
    const err = await callError(client(), "ListAICPublicKeys");
    expect(String(err.code ?? err.message)).toMatch(/ECONNRESET|socket hang up|EPIPE/i);
    expect((await control(emu.url, "calls")).byAction.ListAICPublicKeys).toEqual({ received: 1, ok: 0, failed: 1 });
  });

  it("Hang holds the request past the client's read timeout, or answers normally after hangMs", async () => {
    await control(emu.url, "faults", { errorRate: 1, errors: ["Hang"], hangMs: 5000 });
    const started = Date.now();
    const err = await callError(client(false, 300), "ListAICPublicKeys", {}, { readTimeout: 300 });
    expect(Date.now() - started).toBeLessThan(4000);
    expect(String(err.name + err.message)).toMatch(/timeout/i);
    await control(emu.url, "faults", { errorRate: 1, errors: ["Hang"], hangMs: 150 });
    const t0 = Date.now();
    const ok = await call(client(), "ListAICPublicKeys");
    expect(ok.TotalCount).toBe(4);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it("latency and jitter delay calls; actions limit the whole config", async () => {
    await control(emu.url, "faults", { latencyMs: 200, jitterMs: 50, actions: ["ListAICPublicKeys"] });
    let t0 = Date.now();
    await call(client(), "ListAICPublicKeys");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    t0 = Date.now();
    await call(client(), "DescribeAICImages");
    expect(Date.now() - t0).toBeLessThan(190);
  });

  it("an error rate is reproducible from the seed after a reset; {} clears", async () => {
    const run = async () => {
      await control(emu.url, "reset", {});
      await control(emu.url, "faults", { errorRate: 0.5, errors: ["InternalError", "ServiceUnavailable"] });
      const out: string[] = [];
      for (let i = 0; i < 24; i++) {
        out.push(
          await call(client(), "ListAICPublicKeys").then(
            () => "ok",
            (e) => e.code,
          ),
        );
      }
      return out;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain("ok");
    expect(first.some((x) => x !== "ok")).toBe(true);
    expect(new Set(first).size).toBe(3);
    await control(emu.url, "faults", {});
    expect((await call(client(), "ListAICPublicKeys")).TotalCount).toBe(4);
  });

  it("rejects an invalid fault config", async () => {
    for (const body of [{ errorRate: 2 }, { errors: ["Boom"] }, { latencyMs: -1 }, { nope: 1 }, [1]]) {
      const res = await fetch(`${emu.url}/__emulator/faults`, { method: "POST", body: JSON.stringify(body) });
      expect(res.status).toBe(400);
    }
    const res = await fetch(`${emu.url}/__emulator/faults`, { method: "POST", body: "{oops" });
    expect(res.status).toBe(400);
  });
});

describe("throttling and base latency", () => {
  it("a token bucket per AccessKey+action answers Throttling.User", async () => {
    const t = await startEmulator({ port: 0, servers: 2, aicsPerServer: 1, qps: 3, accessKeys: [DEMO_ACCESS_KEY, LIMITED] });
    try {
      const c = makeClient(t.endpoint, DEMO_ACCESS_KEY);
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          call(c, "ListAICPublicKeys").then(
            () => "ok",
            (e) => e,
          ),
        ),
      );
      const throttled = results.filter((r) => r !== "ok");
      expect(results.filter((r) => r === "ok").length).toBe(3);
      expect(throttled[0].code).toBe("Throttling.User");
      expect(throttled[0].statusCode).toBe(400);
      expect(throttled[0].data.Message).toBe("Request was denied due to user flow control.");
      // Other action, other key: separate buckets.
      await call(c, "DescribeAICImages");
      await call(makeClient(t.endpoint, LIMITED), "DescribeAICImages");
      await new Promise((r) => setTimeout(r, 400));
      await call(c, "ListAICPublicKeys");
    } finally {
      await t.close();
    }
  });

  it("latencyMs delays every call", async () => {
    const t = await startEmulator({ port: 0, servers: 2, aicsPerServer: 1, latencyMs: 150 });
    try {
      const t0 = Date.now();
      await call(makeClient(t.endpoint, DEMO_ACCESS_KEY), "ListAICPublicKeys");
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    } finally {
      await t.close();
    }
  });
});
