// Retry-only-when-allowed, proven with the emulator's own call counters, and error mapping per fault.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AttemptInfo } from "../client";
import { clientFor, countCalls as countCallsOf, resetEmulator, setFaults, startEmulator, type Emulator } from "./emulator-helpers";

let emu: Emulator;
const MAX = 3;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: 11, servers: 120, aicsPerServer: 2, latencyMs: 0, qps: 0 });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await resetEmulator(emu);
});

const countCalls = (action: string, fn: () => Promise<unknown>) => countCallsOf(emu, action, fn);

describe("fault mapping and retries on reads", () => {
  it.each([
    ["InternalError", { code: "InternalError", httpStatus: 500 }],
    ["ServiceUnavailable", { code: "ServiceUnavailable", httpStatus: 503 }],
    ["Throttling.User", { code: "Throttling.User" }],
    ["Html503", { code: "Ens.InvalidResponse", httpStatus: undefined }],
    ["ConnectionReset", { code: "Network.ConnectionReset" }],
  ])("%s at errorRate 1 → exactly maxAttempts calls", async (fault, expected) => {
    await setFaults(emu, { errorRate: 1, errors: [fault] });
    const attempts: AttemptInfo[] = [];
    const c = clientFor(emu, { maxAttempts: MAX }, { onAttempt: (a) => attempts.push(a) });
    const { calls, error } = await countCalls("DescribeAICImages", () => c.describeAicImages({}));
    expect(error).toMatchObject({ ...expected, retryable: true });
    expect(error.message).not.toMatch(/code: \d{3}|undefined/);
    expect(calls).toBe(MAX);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(c.metrics()).toMatchObject({ attempts: MAX, retries: MAX - 1, failures: 1 });
  });

  it("NoPermission → exactly 1 call", async () => {
    await setFaults(emu, { errorRate: 1, errors: ["NoPermission"] });
    const c = clientFor(emu, { maxAttempts: MAX });
    const { calls, error } = await countCalls("ListAICPublicKeys", () => c.listAicPublicKeys({}));
    expect(error).toMatchObject({ code: "NoPermission", httpStatus: 400, retryable: false, message: "Permission denied." });
    expect(calls).toBe(1);
  });

  it("InvalidParameter → exactly 1 call, even with faults configured for other actions", async () => {
    await setFaults(emu, { errorRate: 1, errors: ["InternalError"], actions: ["DescribeAICImages"] });
    const c = clientFor(emu, { maxAttempts: MAX });
    const { calls, error } = await countCalls("ShareAICImage", () => c.shareAicImage({ ImageId: "m-x", Users: [] }));
    expect(error).toMatchObject({ code: "InvalidParameter.Users", retryable: false });
    expect(calls).toBe(1);
    await expect(c.listAicPublicKeys({})).resolves.toHaveProperty("RequestId");
  });

  it("a hang past the read timeout → Network.Timeout after maxAttempts calls", async () => {
    await setFaults(emu, { errorRate: 1, errors: ["Hang"], hangMs: 3000 });
    const c = clientFor(emu, { maxAttempts: 2, readTimeoutMs: 250 });
    const t0 = Date.now();
    const { calls, error } = await countCalls("DescribeAICImages", () => c.describeAicImages({}));
    expect(error).toMatchObject({ code: "Network.Timeout", retryable: true });
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(calls).toBe(2);
  });

  it("lists the whole fleet through intermittent failures", async () => {
    await setFaults(emu, { errorRate: 0.3, errors: ["InternalError", "Throttling.User", "Html503"] });
    const c = clientFor(emu, { maxAttempts: 12, fleetConcurrency: 4 });
    const rows = await c.listAllAicInstances();
    expect(rows).toHaveLength(240);
    expect(new Set(rows.map((r) => r.InstanceId)).size).toBe(240);
  });

  it("stops a fleet listing at the first hard failure", async () => {
    await setFaults(emu, { errorRate: 1, errors: ["NoPermission"], actions: ["DescribeARMServerInstances"] });
    const c = clientFor(emu);
    const { calls, error } = await countCalls("DescribeARMServerInstances", () => c.listAllAicInstances());
    expect(error).toMatchObject({ code: "NoPermission" });
    expect(calls).toBe(1);
  });
});

describe("mutations", () => {
  it("RebootAICInstance is not repeated after an ambiguous failure but is after throttling", async () => {
    const c = clientFor(emu, { maxAttempts: MAX });
    const [row] = await c.listAllAicInstances();
    await setFaults(emu, { errorRate: 1, errors: ["InternalError"], actions: ["RebootAICInstance"] });
    let r = await countCalls("RebootAICInstance", () => c.rebootAicInstance({ InstanceId: row.InstanceId }));
    expect(r.error).toMatchObject({ code: "InternalError" });
    expect(r.calls).toBe(1);
    await setFaults(emu, { errorRate: 1, errors: ["Throttling.User"], actions: ["RebootAICInstance"] });
    r = await countCalls("RebootAICInstance", () => c.rebootAicInstance({ InstanceId: row.InstanceId }));
    expect(r.error).toMatchObject({ code: "Throttling.User" });
    expect(r.calls).toBe(MAX);
  });

  it("a reboot whose answer is lost is carried out once and not repeated", async () => {
    const c = clientFor(emu, { maxAttempts: MAX });
    const [, row] = await c.listAllAicInstances();
    await setFaults(emu, { errorRate: 1, errors: ["ApplyThenReset"], actions: ["RebootAICInstance"] });
    const r = await countCalls("RebootAICInstance", () => c.rebootAicInstance({ InstanceId: row.InstanceId }));
    expect(r.error).toMatchObject({ code: "Network.ConnectionReset" });
    expect(r.calls).toBe(1);
    await setFaults(emu, {});
    const after = (await c.listAllAicInstances()).find((x) => x.InstanceId === row.InstanceId);
    expect(after?.State).toBe("rebooting");
  });

  it("ManageAICLogin (convergent) is retried on InternalError", async () => {
    await setFaults(emu, { errorRate: 1, errors: ["InternalError"], actions: ["ManageAICLogin"] });
    const c = clientFor(emu, { maxAttempts: MAX });
    const r = await countCalls("ManageAICLogin", () =>
      c.manageAicLogin({ InstanceId: "aic-unknown", ActionName: "open", KeyName: "whatever1" }),
    );
    expect(r.error).toMatchObject({ code: "InternalError" });
    expect(r.calls).toBe(MAX);
  });
});
