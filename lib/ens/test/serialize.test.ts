import { describe, expect, it } from "vitest";
import { ensConfigFromEnv } from "../config";
import { backoffDelay } from "../retry";
import { ACTIONS, toWireParams } from "../serialize";

describe("toWireParams", () => {
  it("serializes arrays and objects as one JSON text parameter without spaces", () => {
    expect(
      toWireParams({
        ServerIds: ["cas-1", "cas-2"],
        Tags: [{ Key: "k", Value: "v" }],
        OrderByParams: { ServerIdSort: "desc", ExpireTimeSort: "asc" },
        Users: ["1234567890123456"],
      }),
    ).toEqual({
      ServerIds: '["cas-1","cas-2"]',
      Tags: '[{"Key":"k","Value":"v"}]',
      OrderByParams: '{"ServerIdSort":"desc","ExpireTimeSort":"asc"}',
      Users: '["1234567890123456"]',
    });
  });

  it("sends booleans as true/false, integers as decimal text, drops undefined and null", () => {
    expect(toWireParams({ DescribeAICInstances: false, PageNumber: 3, PageSize: "100", Name: undefined, X: null })).toEqual({
      DescribeAICInstances: "false",
      PageNumber: "3",
      PageSize: "100",
    });
    expect(toWireParams({ OrderByParams: '{"ServerIdSort":"asc"}' })).toEqual({ OrderByParams: '{"ServerIdSort":"asc"}' });
  });

  it("rejects non-finite numbers", () => {
    expect(() => toWireParams({ PageSize: Number.NaN })).toThrow(TypeError);
  });

  it("uses the SDK's methods per action", () => {
    const get = Object.entries(ACTIONS)
      .filter(([, v]) => v.method === "GET")
      .map(([k]) => k)
      .sort();
    expect(get).toEqual(["DescribeARMServerInstances", "RebootAICInstance", "ResetAICInstance"]);
    expect(Object.keys(ACTIONS)).toHaveLength(10);
  });
});

describe("backoffDelay", () => {
  it("is full jitter bounded by min(max, base·2^(n-1))", () => {
    expect(backoffDelay(1, 200, 5000, () => 0.999999)).toBe(199);
    expect(backoffDelay(2, 200, 5000, () => 0.999999)).toBe(399);
    expect(backoffDelay(3, 200, 5000, () => 0.5)).toBe(400);
    expect(backoffDelay(10, 200, 5000, () => 0.999999)).toBe(4999);
    expect(backoffDelay(5, 200, 5000, () => 0)).toBe(0);
    for (let i = 1; i < 20; i++) {
      const d = backoffDelay(i, 200, 5000);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(5000);
    }
  });
});

describe("ensConfigFromEnv", () => {
  it("has the documented defaults", () => {
    expect(ensConfigFromEnv({})).toEqual({
      endpoint: "ens.aliyuncs.com",
      protocol: "HTTPS",
      regionId: "cn-hangzhou",
      accessKeyId: undefined,
      accessKeySecret: undefined,
      signature: "v3",
      connectTimeoutMs: 3000,
      readTimeoutMs: 10000,
      maxAttempts: 4,
      baseBackoffMs: 200,
      maxBackoffMs: 5000,
      fleetConcurrency: 8,
    });
  });

  it("reads every variable and rejects bad values", () => {
    const c = ensConfigFromEnv({
      ENS_ENDPOINT: "127.0.0.1:9100",
      ENS_PROTOCOL: "http",
      ENS_REGION_ID: "ap-southeast-1",
      ALIBABA_CLOUD_ACCESS_KEY_ID: "id",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "secret",
      ENS_SIGNATURE: "v1",
      ENS_CONNECT_TIMEOUT_MS: "100",
      ENS_READ_TIMEOUT_MS: "200",
      ENS_MAX_ATTEMPTS: "1",
      ENS_BACKOFF_BASE_MS: "0",
      ENS_BACKOFF_MAX_MS: "10",
      ENS_FLEET_CONCURRENCY: "16",
    });
    expect(c).toMatchObject({
      endpoint: "127.0.0.1:9100",
      protocol: "HTTP",
      signature: "v1",
      accessKeyId: "id",
      fleetConcurrency: 16,
      maxAttempts: 1,
    });
    expect(() => ensConfigFromEnv({ ENS_MAX_ATTEMPTS: "0" })).toThrow(/ENS_MAX_ATTEMPTS/);
    expect(() => ensConfigFromEnv({ ENS_PROTOCOL: "ftp" })).toThrow(/ENS_PROTOCOL/);
    expect(() => ensConfigFromEnv({ ENS_SIGNATURE: "v4" })).toThrow(/ENS_SIGNATURE/);
  });
});
