import { describe, expect, it } from "vitest";
import { createEnsClient, type AttemptInfo } from "../client";
import { ensConfigFromEnv } from "../config";
import { EnsError } from "../errors";
import type { SdkTransport } from "../sdk";

const config = { ...ensConfigFromEnv({}), accessKeyId: "id", accessKeySecret: "s", baseBackoffMs: 1, maxBackoffMs: 2, maxAttempts: 4 };

function failing(code: string, times = Infinity, httpStatus = 400) {
  const calls: string[] = [];
  const transport: SdkTransport = {
    async call(action) {
      calls.push(action);
      if (calls.length <= times) throw new EnsError({ code, message: code, httpStatus });
      return { RequestId: "OK" };
    },
  };
  return { calls, transport };
}

describe("retry policy", () => {
  it.each(["InternalError", "ServiceUnavailable", "Throttling.User", "Network.Timeout", "Ens.InvalidResponse", "Network.ConnectionReset"])(
    "reads retry %s up to maxAttempts",
    async (code) => {
      const { calls, transport } = failing(code);
      const attempts: AttemptInfo[] = [];
      const c = createEnsClient(config, { transport, onAttempt: (a) => attempts.push(a) });
      await expect(c.describeAicImages({})).rejects.toMatchObject({ code });
      expect(calls).toHaveLength(4);
      expect(attempts.map((a) => a.willRetry)).toEqual([true, true, true, false]);
      expect(c.metrics()).toMatchObject({ calls: 1, attempts: 4, retries: 3, failures: 1 });
    },
  );

  it.each([
    "InvalidParameter.Users",
    "Parameter.Invalid",
    "NoPermission",
    "Forbidden.RAM",
    "SignatureDoesNotMatch",
    "InvalidAccessKeyId.NotFound",
    "MissingImageId",
    "Interface.Call.Failed",
  ])("never retries %s", async (code) => {
    const { calls, transport } = failing(code);
    const c = createEnsClient(config, { transport });
    await expect(c.shareAicImage({ ImageId: "m-1", Users: ["1"] })).rejects.toMatchObject({ code, retryable: false });
    expect(calls).toHaveLength(1);
  });

  it("succeeds after transient failures and honours a per-call maxAttempts", async () => {
    const a = failing("Throttling.User", 2);
    const c = createEnsClient(config, { transport: a.transport });
    await expect(c.listAicPublicKeys({})).resolves.toEqual({ RequestId: "OK" });
    expect(a.calls).toHaveLength(3);
    const b = failing("InternalError");
    const c2 = createEnsClient(config, { transport: b.transport });
    await expect(c2.listAicPublicKeys({}, { maxAttempts: 1 })).rejects.toBeInstanceOf(EnsError);
    expect(b.calls).toHaveLength(1);
  });

  it("repeats non-idempotent mutations only when ENS provably did not act", async () => {
    for (const code of ["Network.Timeout", "Network.ConnectionReset", "Ens.InvalidResponse", "InternalError"]) {
      const f = failing(code);
      const c = createEnsClient(config, { transport: f.transport });
      await expect(c.rebootAicInstance({ InstanceId: "aic-1" })).rejects.toMatchObject({ code });
      expect(f.calls, code).toHaveLength(1);
    }
    for (const code of ["Throttling.User", "ServiceUnavailable", "Network.ConnectionRefused"]) {
      const f = failing(code);
      const c = createEnsClient(config, { transport: f.transport });
      await expect(c.uploadAicPublicKey({ KeyName: "key-0001", KeyType: "adb", Content: "x" })).rejects.toMatchObject({ code });
      expect(f.calls, code).toHaveLength(4);
    }
    const m = failing("Network.Timeout");
    const c = createEnsClient(config, { transport: m.transport });
    await expect(c.manageAicLogin({ InstanceId: "aic-1", ActionName: "open", KeyName: "key-0001" })).rejects.toThrow();
    expect(m.calls).toHaveLength(4);
  });

  it("backs off with the configured jitter and stops on abort", async () => {
    const f = failing("InternalError");
    const delays: number[] = [];
    const c = createEnsClient(
      { ...config, baseBackoffMs: 10_000, maxBackoffMs: 10_000 },
      { transport: f.transport, random: () => 0.5, onAttempt: (a) => a.delayMs !== undefined && delays.push(a.delayMs) },
    );
    const ctrl = new AbortController();
    const p = c.describeArmServerInstances({}, { signal: ctrl.signal });
    setTimeout(() => ctrl.abort(), 50);
    const started = Date.now();
    await expect(p).rejects.toMatchObject({ code: "Ens.Aborted" });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(delays).toEqual([5000]);
    expect(f.calls).toHaveLength(1);
  });
});
