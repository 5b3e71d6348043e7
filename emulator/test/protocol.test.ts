// Signature schemes, AccessKey and replay/skew checks through the real SDK (V3 default and V1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCESS_KEY, type RunningEmulator, startEmulator } from "../server";
import { OpenApiUtil, TeaUtil, call, callError, control, makeClient, recordingProxy, sendRaw } from "./sdk";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());

describe.each([
  ["V3", false],
  ["V1", true],
])("%s signatures through the real SDK", (_name, v1) => {
  it("accepts a valid GET and POST, params in the query", async () => {
    const client = makeClient(emu.endpoint, DEMO_ACCESS_KEY, { v1 });
    const got = await call(client, "DescribeARMServerInstances", { PageSize: 5 }, { method: "GET" });
    expect(got.RequestId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(got.Servers).toHaveLength(5);
    const posted = await call(client, "DescribeAICImages", { PageSize: "3" }, { method: "POST" });
    expect(posted.Images).toHaveLength(3);
  });

  it("accepts params in a form body and values needing RFC 3986 encoding", async () => {
    const client = makeClient(emu.endpoint, DEMO_ACCESS_KEY, { v1 });
    const body = await call(client, "ListAICPublicKeys", { KeyName: "my key(1)*!'~", PageSize: 10 }, { inBody: true });
    expect(body.TotalCount).toBe(0);
    const q = await call(client, "ListAICPublicKeys", { KeyName: "support-adb-key" });
    expect(q.PublicKeys.map((k: any) => k.KeyName)).toEqual(["support-adb-key"]);
  });

  it("rejects a wrong secret with SignatureDoesNotMatch (400)", async () => {
    const client = makeClient(emu.endpoint, { id: DEMO_ACCESS_KEY.id, secret: "wrong-secret" }, { v1 });
    const err = await callError(client, "DescribeAICImages");
    expect(err.code).toBe("SignatureDoesNotMatch");
    expect(err.statusCode).toBe(400);
    expect(err.data.HostId).toBe("ens.aliyuncs.com");
    expect(err.data.Recommend).toContain("SignatureDoesNotMatch");
    if (v1) expect(err.data.Message).toContain("server string to sign is:POST&%2F&");
  });

  it("rejects an unknown AccessKey with InvalidAccessKeyId.NotFound (404)", async () => {
    const client = makeClient(emu.endpoint, { id: "LTAI5tNoSuchKey", secret: "x" }, { v1 });
    const err = await callError(client, "DescribeAICImages");
    expect(err.code).toBe("InvalidAccessKeyId.NotFound");
    expect(err.statusCode).toBe(404);
    expect(err.data.Message).toBe("Specified access key is not found.");
  });

  it("rejects an unknown action with InvalidAction.NotFound (404)", async () => {
    const client = makeClient(emu.endpoint, DEMO_ACCESS_KEY, { v1 });
    const err = await callError(client, "DescribeInstances");
    expect(err.code).toBe("InvalidAction.NotFound");
    expect(err.statusCode).toBe(404);
  });

  it("rejects a replayed nonce (SDK nonce pinned) with SignatureNonceUsed", async () => {
    const client = makeClient(emu.endpoint, DEMO_ACCESS_KEY, { v1 });
    const original = TeaUtil.getNonce;
    TeaUtil.getNonce = () => `pinned-nonce-${v1 ? "v1" : "v3"}`;
    try {
      await call(client, "DescribeAICImages");
      const err = await callError(client, "DescribeAICImages");
      expect(err.code).toBe("SignatureNonceUsed");
      expect(err.statusCode).toBe(400);
    } finally {
      TeaUtil.getNonce = original;
    }
  });

  it.each([
    ["16 minutes late", -16 * 60_000, "InvalidTimeStamp.Expired"],
    ["16 minutes early", 16 * 60_000, "InvalidTimeStamp.Expired"],
  ])("rejects a clock %s", async (_label, offset, code) => {
    const client = makeClient(emu.endpoint, DEMO_ACCESS_KEY, { v1 });
    const original = OpenApiUtil.getTimestamp;
    OpenApiUtil.getTimestamp = () => new Date(Date.now() + offset).toISOString().replace(/\.\d{3}Z$/, "Z");
    try {
      const err = await callError(client, "DescribeAICImages");
      expect(err.code).toBe(code);
    } finally {
      OpenApiUtil.getTimestamp = original;
    }
  });

  it("accepts a clock 10 minutes off and rejects a malformed timestamp", async () => {
    const client = makeClient(emu.endpoint, DEMO_ACCESS_KEY, { v1 });
    const original = OpenApiUtil.getTimestamp;
    try {
      OpenApiUtil.getTimestamp = () => new Date(Date.now() - 10 * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
      await call(client, "DescribeAICImages");
      OpenApiUtil.getTimestamp = () => "2026/11/22 05:30:47";
      const err = await callError(client, "DescribeAICImages");
      expect(err.code).toBe("InvalidTimeStamp.Format");
    } finally {
      OpenApiUtil.getTimestamp = original;
    }
  });
});

describe("raw replays and tampering", () => {
  it("re-sending a captured signed request answers SignatureNonceUsed (V3 and V1)", async () => {
    const proxy = await recordingProxy(emu.port);
    try {
      for (const v1 of [false, true]) {
        const client = makeClient(proxy.endpoint, DEMO_ACCESS_KEY, { v1 });
        await call(client, "ShareAICImage", { ImageId: (await firstImage()).ImageId, Users: JSON.stringify(["1234567890123456"]) });
        const captured = proxy.recorded[proxy.recorded.length - 1];
        const again = await sendRaw(emu.port, captured);
        expect(again.status).toBe(400);
        expect(again.json.Code).toBe("SignatureNonceUsed");
      }
    } finally {
      await proxy.close();
    }
  });

  it("a body that does not match x-acs-content-sha256 answers SignatureDoesNotMatch", async () => {
    const proxy = await recordingProxy(emu.port, (r) => ({
      ...r,
      body: Buffer.from(r.body.toString().replace("PageSize=5", "PageSize=6")),
    }));
    try {
      const client = makeClient(proxy.endpoint, DEMO_ACCESS_KEY);
      const err = await callError(client, "DescribeAICImages", { PageSize: "5" }, { inBody: true });
      expect(err.code).toBe("SignatureDoesNotMatch");
    } finally {
      await proxy.close();
    }
  });

  it("a tampered V3 query answers SignatureDoesNotMatch", async () => {
    const proxy = await recordingProxy(emu.port, (r) => ({ ...r, url: r.url.replace("PageSize=5", "PageSize=6") }));
    try {
      const client = makeClient(proxy.endpoint, DEMO_ACCESS_KEY);
      const err = await callError(client, "DescribeAICImages", { PageSize: "5" });
      expect(err.code).toBe("SignatureDoesNotMatch");
    } finally {
      await proxy.close();
    }
  });

  it("a request without any signature answers IncompleteSignature; a bad Authorization too", async () => {
    const plain = await sendRaw(emu.port, {
      method: "GET",
      url: "/?Action=DescribeAICImages&Version=2017-11-10",
      headers: { host: emu.endpoint },
      body: Buffer.alloc(0),
    });
    expect(plain.status).toBe(400);
    expect(plain.json.Code).toBe("IncompleteSignature");
    expect(Object.keys(plain.json).sort()).toEqual(["Code", "HostId", "Message", "Recommend", "RequestId"]);
    const bad = await sendRaw(emu.port, {
      method: "GET",
      url: "/",
      headers: { host: emu.endpoint, authorization: "ACS3-HMAC-SHA256 garbage" },
      body: Buffer.alloc(0),
    });
    expect(bad.json.Code).toBe("IncompleteSignature");
  });

  it("other paths are not the API", async () => {
    const res = await sendRaw(emu.port, { method: "GET", url: "/nope", headers: { host: emu.endpoint }, body: Buffer.alloc(0) });
    expect(res.status).toBe(404);
  });
});

async function firstImage(): Promise<any> {
  const client = makeClient(emu.endpoint, DEMO_ACCESS_KEY);
  return (await call(client, "DescribeAICImages", { Status: "available" })).Images[0];
}

describe("control endpoints see the calls", () => {
  it("counts received, ok and failed per action, with unknown for undeterminable ones", async () => {
    await control(emu.url, "reset", {});
    const client = makeClient(emu.endpoint, DEMO_ACCESS_KEY);
    await call(client, "DescribeAICImages");
    await callError(makeClient(emu.endpoint, { id: DEMO_ACCESS_KEY.id, secret: "bad" }), "DescribeAICImages");
    await sendRaw(emu.port, { method: "GET", url: "/", headers: { host: emu.endpoint }, body: Buffer.alloc(0) });
    const calls = await control(emu.url, "calls");
    expect(calls.total).toBe(3);
    expect(calls.byAction.DescribeAICImages).toEqual({ received: 2, ok: 1, failed: 1 });
    expect(calls.byAction.unknown).toEqual({ received: 1, ok: 0, failed: 1 });
  });
});
