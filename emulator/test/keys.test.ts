// Public keys, deliveries and ManageAICLogin through the real SDK (V3 and V1).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_ACCESS_KEY, type RunningEmulator, startEmulator } from "../server";
import { call, callError, control, makeClient } from "./sdk";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, servers: 10, aicsPerServer: 4 });
});
afterAll(() => emu.close());
beforeEach(() => control(emu.url, "reset", {}));

describe.each([
  ["V3", false],
  ["V1", true],
])("AIC public keys (%s)", (_n, v1) => {
  const client = () => makeClient(emu.endpoint, DEMO_ACCESS_KEY, { v1 });
  const instances = async () =>
    (await call(client(), "DescribeARMServerInstances", { PageSize: 3 }, { method: "GET" })).Servers.flatMap((s: any) =>
      s.AICInstances.map((a: any) => a.InstanceId),
    );
  const deliveries = async (q: Record<string, string> = {}) =>
    (await call(client(), "ListAICPublicKeyDeliveries", { PageSize: 100, ...q })).PublicKeyDeliverInfo;

  it("lists preloaded keys with paging and exact filters", async () => {
    const all = await call(client(), "ListAICPublicKeys");
    expect(all).toMatchObject({ PageNumber: 1, PageSize: 10, TotalCount: 4 });
    expect(all.PublicKeys[0]).toMatchObject({ KeyName: "support-adb-key", KeyGroup: "g-support", KeyType: "adb" });
    expect(all.PublicKeys[0].CreationTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    expect(all.PublicKeys.every((k: any) => k.KeyName.length >= 8)).toBe(true);
    const page2 = await call(client(), "ListAICPublicKeys", { PageNumber: 2, PageSize: 3 });
    expect(page2.PublicKeys).toHaveLength(1);
    expect((await call(client(), "ListAICPublicKeys", { KeyGroup: "g-support" })).TotalCount).toBe(2);
    expect((await call(client(), "ListAICPublicKeys", { KeyType: "rsa" })).TotalCount).toBe(0);
    expect((await callError(client(), "ListAICPublicKeys", { PageSize: 101 })).code).toBe("InvalidParameter.PageSize");
    expect((await callError(client(), "ListAICPublicKeys", { PageNumber: 0 })).code).toBe("InvalidParameter.PageNumber");
  });

  it("lists preloaded deliveries with filters and paging", async () => {
    const all = await call(client(), "ListAICPublicKeyDeliveries");
    expect(all).toMatchObject({ PageNumber: 1, PageSize: 10, TotalCount: 3 });
    expect(all.PublicKeyDeliverInfo[0]).toMatchObject({ KeyName: "support-adb-key", KeyGroup: "g-support", KeyType: "adb" });
    expect(all.PublicKeyDeliverInfo[0].InstanceId).toMatch(/^aic-[0-9a-z]{12}-0$/);
    expect((await deliveries({ KeyName: "ops-debug-key" })).length).toBe(1);
    const id = all.PublicKeyDeliverInfo[0].InstanceId;
    expect((await deliveries({ InstanceId: id })).length).toBe(1);
    expect((await callError(client(), "ListAICPublicKeyDeliveries", { PageSize: 0 })).code).toBe("InvalidParameter.PageSize");
  });

  it("uploads a key, rejects duplicates and every limit, changing nothing", async () => {
    await call(client(), "UploadAICPublicKey", {
      KeyName: "new-key-0001",
      KeyType: "adb",
      Content: "QAAAAxyz",
      KeyGroup: "g-new",
      Description: "测试",
    });
    const listed = await call(client(), "ListAICPublicKeys", { KeyName: "new-key-0001" });
    expect(listed.PublicKeys[0]).toMatchObject({ KeyName: "new-key-0001", KeyGroup: "g-new", Content: "QAAAAxyz", Description: "测试" });
    expect(listed.PublicKeys[0].CreationTime).toMatch(/\+08:00$/);
    const dup = await callError(client(), "UploadAICPublicKey", { KeyName: "new-key-0001", KeyType: "adb", Content: "x" });
    expect(dup.code).toBe("Interface.Call.Failed");
    expect(dup.data.Message).toMatch(/already exists\.$/);
    const base = { KeyName: "valid-name-1", KeyType: "adb", Content: "abc" };
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ ...base, KeyName: "short" }, "InvalidParameter.KeyName", ""],
      [{ ...base, KeyName: "k".repeat(129) }, "InvalidParameter.KeyName", ""],
      [{ KeyType: "adb", Content: "x" }, "MissingKeyName", "KeyName is mandatory for this action."],
      [{ KeyName: "valid-name-1", Content: "x" }, "MissingKeyType", "KeyType is mandatory for this action."],
      [{ KeyName: "valid-name-1", KeyType: "adb" }, "MissingContent", "Content is mandatory for this action."],
      [{ ...base, Content: "c".repeat(1025) }, "InvalidParameter.Content", ""],
      [{ ...base, Description: "d".repeat(129) }, "InvalidParameter.Description", ""],
      [{ ...base, KeyGroup: "g".repeat(129) }, "InvalidParameter.KeyGroup", ""],
    ];
    for (const [q, code, message] of cases) {
      const err = await callError(client(), "UploadAICPublicKey", q);
      expect(err.code, JSON.stringify(q).slice(0, 80)).toBe(code);
      if (message) expect(err.data.Message).toBe(message);
    }
    expect((await call(client(), "ListAICPublicKeys")).TotalCount).toBe(5);
    await call(client(), "UploadAICPublicKey", { ...base, Content: "c".repeat(1024), KeyName: "k".repeat(128) });
  });

  it("opens and closes logins by key and by group, idempotently", async () => {
    const [i0, , , i3] = await instances();
    await call(client(), "ManageAICLogin", { InstanceId: i3, ActionName: "open", KeyName: "release-signing-adb" });
    await call(client(), "ManageAICLogin", { InstanceId: i3, ActionName: "open", KeyName: "release-signing-adb" });
    expect((await deliveries({ InstanceId: i3 })).map((d: any) => d.KeyName)).toEqual(["release-signing-adb"]);
    await call(client(), "ManageAICLogin", { InstanceId: i3, ActionName: "open", KeyGroup: "g-support" });
    expect((await deliveries({ InstanceId: i3 })).map((d: any) => d.KeyName).sort()).toEqual([
      "release-signing-adb",
      "support-adb-key",
      "support-adb-key-2",
    ]);
    await call(client(), "ManageAICLogin", { InstanceId: i3, ActionName: "close", KeyName: "support-adb-key" });
    expect((await deliveries({ InstanceId: i3 })).length).toBe(2);
    await call(client(), "ManageAICLogin", { InstanceId: i3, ActionName: "close", KeyGroup: "g-support" });
    expect((await deliveries({ InstanceId: i3 })).map((d: any) => d.KeyName)).toEqual(["release-signing-adb"]);
    await call(client(), "ManageAICLogin", { InstanceId: i3, ActionName: "close" });
    await call(client(), "ManageAICLogin", { InstanceId: i3, ActionName: "close" });
    expect(await deliveries({ InstanceId: i3 })).toEqual([]);
    // Preloaded deliveries on i0 are untouched.
    expect((await deliveries({ InstanceId: i0 })).length).toBe(1);
  });

  it("rejects every ManageAICLogin violation, changing nothing", async () => {
    const [, , , i3] = await instances();
    const cases: Array<[Record<string, string>, string]> = [
      [{ ActionName: "open", KeyName: "support-adb-key" }, "MissingInstanceId"],
      [{ InstanceId: i3, KeyName: "support-adb-key" }, "MissingActionName"],
      [{ InstanceId: i3, ActionName: "opne", KeyName: "support-adb-key" }, "InvalidParameter.ActionName"],
      [{ InstanceId: "aic-nope-9", ActionName: "open", KeyName: "support-adb-key" }, "InvalidParameter.InstanceId"],
      [{ InstanceId: i3, ActionName: "open" }, "InvalidParameter.KeyName"],
      [{ InstanceId: i3, ActionName: "open", KeyName: "no-such-key-1" }, "InvalidParameter.KeyName"],
      [{ InstanceId: i3, ActionName: "open", KeyGroup: "g-none" }, "InvalidParameter.KeyGroup"],
      [{ InstanceId: i3, ActionName: "open", KeyName: "k".repeat(129) }, "InvalidParameter.KeyName"],
      [{ InstanceId: i3, ActionName: "open", KeyGroup: "g".repeat(129) }, "InvalidParameter.KeyGroup"],
      [{ InstanceId: i3, ActionName: "open", KeyName: "support-adb-key", KeyGroup: "g-none" }, "InvalidParameter.KeyGroup"],
    ];
    for (const [q, code] of cases) {
      const err = await callError(client(), "ManageAICLogin", q);
      expect(err.code, JSON.stringify(q).slice(0, 80)).toBe(code);
      expect(err.statusCode).toBe(400);
    }
    expect((await control(emu.url, "state")).deliveries).toBe(3);
  });

  it("refuses to delete a delivered key, deletes it once closed", async () => {
    const [d] = await deliveries({ KeyName: "ops-debug-key" });
    const refused = await callError(client(), "DeleteAICPublicKey", { KeyName: "ops-debug-key" });
    expect(refused.code).toBe("Interface.Call.Failed");
    expect(refused.statusCode).toBe(400);
    await call(client(), "ManageAICLogin", { InstanceId: d.InstanceId, ActionName: "close", KeyName: "ops-debug-key" });
    await call(client(), "DeleteAICPublicKey", { KeyName: "ops-debug-key" });
    expect((await call(client(), "ListAICPublicKeys", { KeyName: "ops-debug-key" })).TotalCount).toBe(0);
    expect((await callError(client(), "DeleteAICPublicKey", { KeyName: "ops-debug-key" })).code).toBe("InvalidParameter.KeyName");
    expect((await callError(client(), "DeleteAICPublicKey", {})).code).toBe("MissingKeyName");
    expect((await callError(client(), "DeleteAICPublicKey", { KeyName: "k".repeat(129) })).code).toBe("InvalidParameter.KeyName");
  });
});
