// lib/ens against the in-process emulator: every action, signing modes, fleet listing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EnsError } from "../errors";
import { clientFor, countCalls as countCallsOf, received, resetEmulator, startEmulator, type Emulator } from "./emulator-helpers";

const SERVERS = 230;
const AICS_PER_SERVER = 3;
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: 7, servers: SERVERS, aicsPerServer: AICS_PER_SERVER, latencyMs: 0, qps: 0 });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await resetEmulator(emu);
});

const countCalls = (action: string, fn: () => Promise<unknown>) => countCallsOf(emu, action, fn);

describe.each(["v3", "v1"] as const)("signature %s", (signature) => {
  it("lists every AIC exactly once with its server's fields", async () => {
    const c = clientFor(emu, { signature, fleetConcurrency: 3 });
    const before = await received(emu, "DescribeARMServerInstances");
    const rows = await c.listAllAicInstances();
    expect(rows).toHaveLength(SERVERS * AICS_PER_SERVER);
    expect(new Set(rows.map((r) => r.InstanceId)).size).toBe(SERVERS * AICS_PER_SERVER);
    expect(new Set(rows.map((r) => r.ServerId)).size).toBe(SERVERS);
    expect(await received(emu, "DescribeARMServerInstances")).toBe(before + Math.ceil(SERVERS / 100));
    const page = await c.describeArmServerInstances({ ServerIds: [rows[0].ServerId] });
    const server = page.Servers![0];
    const aic = server.AICInstances!.find((a) => a.InstanceId === rows[0].InstanceId)!;
    expect(rows[0]).toMatchObject({
      ServerId: server.ServerId,
      ServerName: server.Name,
      ServerSpec: server.SpecName,
      EnsRegionId: server.EnsRegionId,
      Namespace: server.Namespace,
      ServerState: server.State,
      ServerStatus: server.Status,
      Name: aic.Name,
      Spec: aic.Spec,
      ImageId: aic.ImageId,
      Frequency: aic.Frequency,
      Resolution: aic.Resolution,
      IpAddress: aic.NetworkAttributes?.IpAddress,
      VSwitchId: aic.NetworkAttributes?.VSwitchId,
      SdgStatus: aic.SdgDeployInfo?.Status,
    });
  });

  it("filters with JSON-style arrays and OrderByParams", async () => {
    const c = clientFor(emu, { signature });
    const all = await c.describeArmServerInstances({ PageSize: 100, OrderByParams: { ServerIdSort: "desc" }, DescribeAICInstances: false });
    const ids = all.Servers!.map((s) => s.ServerId);
    expect(ids).toEqual([...ids].sort().reverse());
    const two = await c.describeArmServerInstances({ ServerIds: ids.slice(0, 2) });
    expect(two.Servers!.map((s) => s.ServerId).sort()).toEqual(ids.slice(0, 2).sort());
    expect(two.TotalCount).toBe(2);
  });

  it("runs the key lifecycle: upload, open, deliveries, delete refused, close, delete", async () => {
    const c = clientFor(emu, { signature });
    const [row] = await c.listAllAicInstances();
    const KeyName = `bench-key-${signature}`;
    await c.uploadAicPublicKey({ KeyName, KeyType: "adb", Content: "ssh-rsa AAAA test", KeyGroup: "g-test", Description: "测试" });
    const keys = await c.listAllPublicKeys();
    expect(keys.find((k) => k.KeyName === KeyName)).toMatchObject({ KeyGroup: "g-test", KeyType: "adb" });
    await expect(c.uploadAicPublicKey({ KeyName, KeyType: "adb", Content: "x" })).rejects.toMatchObject({ code: "Interface.Call.Failed" });

    await c.manageAicLogin({ InstanceId: row.InstanceId, ActionName: "open", KeyName });
    const deliveries = await c.listAllPublicKeyDeliveries({ KeyName });
    expect(deliveries.map((d) => d.InstanceId)).toEqual([row.InstanceId]);

    const beforeDelete = await received(emu, "DeleteAICPublicKey");
    await expect(c.deleteAicPublicKey({ KeyName })).rejects.toMatchObject({ code: "Interface.Call.Failed", retryable: false });
    expect(await received(emu, "DeleteAICPublicKey")).toBe(beforeDelete + 1);

    await c.manageAicLogin({ InstanceId: row.InstanceId, ActionName: "close", KeyName });
    expect(await c.listAllPublicKeyDeliveries({ KeyName })).toEqual([]);
    await c.deleteAicPublicKey({ KeyName });
    expect((await c.listAllPublicKeys()).some((k) => k.KeyName === KeyName)).toBe(false);
  });

  it("shares an image, rejects bad UIDs once, reboots and resets", async () => {
    const c = clientFor(emu, { signature });
    const images = await c.listAllAicImages();
    expect(images.length).toBeGreaterThan(0);
    const res = await c.shareAicImage({ ImageId: images[0].ImageId, Users: ["1234567890123456"] });
    expect(res.RequestId).toMatch(/^[0-9A-F-]{36}$/);

    const before = await received(emu, "ShareAICImage");
    const err = await c.shareAicImage({ ImageId: images[0].ImageId, Users: ["123"] }).catch((e) => e);
    expect(err).toBeInstanceOf(EnsError);
    expect(err.toJSON()).toMatchObject({ code: "InvalidParameter.Users", httpStatus: 400, retryable: false });
    expect(err.message).toBe("The specified field Users invalid. Please check it again.");
    expect(err.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(await received(emu, "ShareAICImage")).toBe(before + 1);

    const [a, b, d] = await c.listAllAicInstances();
    await c.rebootAicInstance({ InstanceIds: [a.InstanceId, b.InstanceId] });
    await c.resetAicInstance({ InstanceId: d.InstanceId });
    const stateOf = async (id: string) => {
      const rows = await c.listAllAicInstances();
      return rows.find((r) => r.InstanceId === id)?.State;
    };
    expect(await stateOf(a.InstanceId)).toBe("rebooting");
    expect(await stateOf(d.InstanceId)).toBe("reseting");
    // A refused mutation is sent once, without retries.
    const bad = await countCalls("ResetAICInstance", () => c.resetAicInstance({ InstanceId: "aic-does-not-exist" }));
    expect(bad.error).toMatchObject({ code: "InvalidParameter.InstanceId", retryable: false });
    expect(bad.calls).toBe(1);
  });

  it("does not retry signature and AccessKey errors", async () => {
    const wrong = clientFor(emu, { signature, accessKeySecret: "not-the-secret" });
    const before = await received(emu, "DescribeAICImages");
    await expect(wrong.describeAicImages({})).rejects.toMatchObject({ code: "SignatureDoesNotMatch", retryable: false });
    const unknown = clientFor(emu, { signature, accessKeyId: "LTAI-unknown-key" });
    await expect(unknown.describeAicImages({})).rejects.toMatchObject({
      code: "InvalidAccessKeyId.NotFound",
      httpStatus: 404,
      retryable: false,
    });
    expect(await received(emu, "DescribeAICImages")).toBe(before + 2);
  });
});
