// Real SDK against a throwaway node:http server: wire format, timeouts, transport-level failures.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnsClient } from "../client";
import { ensConfigFromEnv } from "../config";

interface Seen {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
}

let server: http.Server;
let port = 0;
const seen: Seen[] = [];
let inFlight = 0;
let maxInFlight = 0;

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url!, "http://stub");
    seen.push({ method: req.method!, url, headers: req.headers });
    const mode = url.searchParams.get("ImageId") ?? url.searchParams.get("Name") ?? "";
    if (mode === "hang") return void setTimeout(() => json(res, 200, { RequestId: "late" }), 1500);
    if (mode === "slow") return void setTimeout(() => json(res, 200, { RequestId: "slow" }), 400);
    if (mode === "html") return void res.writeHead(503, { "content-type": "text/html" }).end("<html>Service Unavailable</html>");
    if (mode === "reset") return void req.socket.destroy();
    if (mode === "nocode") return void json(res, 502, { RequestId: "R-502" });
    if (req.headers["x-acs-action"] === "DescribeARMServerInstances" || url.searchParams.get("Action") === "DescribeARMServerInstances") {
      const page = Number(url.searchParams.get("PageNumber") ?? 1);
      const size = Number(url.searchParams.get("PageSize") ?? 10);
      const total = 250;
      const servers = Array.from({ length: Math.max(0, Math.min(size, total - (page - 1) * size)) }, (_, i) => {
        const n = (page - 1) * size + i;
        return {
          ServerId: `cas-${n}`,
          Name: `srv-${n}`,
          SpecName: "cas.cf53r",
          EnsRegionId: "cn-chengdu-telecom-4",
          Namespace: "default",
          State: "success",
          Status: "running",
          AICInstances: [0, 1].map((k) => ({
            InstanceId: `aic-${n}-${k}`,
            Name: `a-${n}-${k}`,
            Spec: "aic.cf53r.c2.np",
            State: "success",
            Status: "running",
            Frequency: 60,
            Resolution: "1920*1080",
            NetworkAttributes: { IpAddress: "10.0.0.1", NetworkId: "n-1", VSwitchId: "vsw-1" },
            SdgDeployInfo: { SDGId: "sdg-1", Status: "success" },
          })),
        };
      });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return void setTimeout(() => {
        inFlight--;
        json(res, 200, { RequestId: "R", PageNumber: page, PageSize: size, TotalCount: total, Servers: servers });
      }, 30);
    }
    json(res, 200, { RequestId: "R-OK" });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const cfg = () => ({
  ...ensConfigFromEnv({}),
  endpoint: `127.0.0.1:${port}`,
  protocol: "HTTP" as const,
  accessKeyId: "LTAI5tTestAccessKeyId",
  accessKeySecret: "secret",
  baseBackoffMs: 1,
  maxBackoffMs: 5,
});

describe("SDK transport", () => {
  it("puts every parameter in the query with JSON-style arrays (V3)", async () => {
    seen.length = 0;
    const c = createEnsClient(cfg());
    await c.shareAicImage({ ImageId: "m-abc", Users: ["1234567890123456", "6543210987654321"] });
    await c.rebootAicInstance({ InstanceIds: ["aic-1", "aic-2"] });
    const [share, reboot] = seen;
    expect(share.method).toBe("POST");
    expect(share.headers.authorization).toMatch(/^ACS3-HMAC-SHA256 /);
    expect(share.headers["x-acs-action"]).toBe("ShareAICImage");
    expect(share.url.searchParams.get("Users")).toBe('["1234567890123456","6543210987654321"]');
    expect(reboot.method).toBe("GET");
    expect(reboot.url.searchParams.get("InstanceIds")).toBe('["aic-1","aic-2"]');
  });

  it("signs with HMAC-SHA1 when signature is v1", async () => {
    seen.length = 0;
    const c = createEnsClient({ ...cfg(), signature: "v1" });
    await c.manageAicLogin({ InstanceId: "aic-1", ActionName: "open", KeyName: "mykey123" });
    const q = seen[0].url.searchParams;
    expect(q.get("Action")).toBe("ManageAICLogin");
    expect(q.get("SignatureMethod")).toBe("HMAC-SHA1");
    expect(q.get("ActionName")).toBe("open");
    expect(seen[0].headers.authorization).toBeUndefined();
  });

  it("maps a read timeout to Network.Timeout and retries reads", async () => {
    seen.length = 0;
    const c = createEnsClient({ ...cfg(), readTimeoutMs: 200, maxAttempts: 2 });
    const t0 = Date.now();
    await expect(c.describeAicImages({ ImageId: "hang" })).rejects.toMatchObject({ code: "Network.Timeout", retryable: true });
    expect(Date.now() - t0).toBeLessThan(1400);
    expect(seen).toHaveLength(2);
  });

  it("honours a read timeout longer than the connect timeout", async () => {
    const c = createEnsClient({ ...cfg(), connectTimeoutMs: 100, readTimeoutMs: 2000, maxAttempts: 1 });
    await expect(c.describeAicImages({ ImageId: "slow" })).resolves.toEqual({ RequestId: "slow" });
  });

  it("maps HTML 503, connection reset, code-less 5xx and refused connections", async () => {
    const c = createEnsClient({ ...cfg(), maxAttempts: 1 });
    await expect(c.describeAicImages({ ImageId: "html" })).rejects.toMatchObject({ code: "Ens.InvalidResponse", retryable: true });
    await expect(c.describeAicImages({ ImageId: "reset" })).rejects.toMatchObject({ code: "Network.ConnectionReset", retryable: true });
    await expect(c.describeAicImages({ ImageId: "nocode" })).rejects.toMatchObject({
      code: "Ens.ServerError",
      httpStatus: 502,
      requestId: "R-502",
      retryable: true,
    });
    const dead = createEnsClient({ ...cfg(), endpoint: "127.0.0.1:1", maxAttempts: 2 });
    const attempts: number[] = [];
    const dead2 = createEnsClient({ ...cfg(), endpoint: "127.0.0.1:1", maxAttempts: 2 }, { onAttempt: (a) => attempts.push(a.attempt) });
    await expect(dead.describeAicImages({})).rejects.toMatchObject({ code: "Network.ConnectionRefused", retryable: true });
    await expect(dead2.describeAicImages({})).rejects.toThrow();
    expect(attempts).toEqual([1, 2]);
  });

  it("lists the whole fleet with bounded concurrency and flattens rows", async () => {
    maxInFlight = 0;
    const c = createEnsClient({ ...cfg(), fleetConcurrency: 2 });
    const rows = await c.listAllAicInstances({ Namespace: "default" });
    expect(rows).toHaveLength(500);
    expect(new Set(rows.map((r) => r.InstanceId)).size).toBe(500);
    expect(maxInFlight).toBe(2);
    expect(rows[0]).toEqual({
      InstanceId: "aic-0-0",
      Name: "a-0-0",
      Spec: "aic.cf53r.c2.np",
      ImageId: undefined,
      State: "success",
      Status: "running",
      Frequency: 60,
      Resolution: "1920*1080",
      LatestAction: undefined,
      IpAddress: "10.0.0.1",
      NetworkId: "n-1",
      VSwitchId: "vsw-1",
      SdgStatus: "success",
      ServerId: "cas-0",
      ServerName: "srv-0",
      ServerSpec: "cas.cf53r",
      EnsRegionId: "cn-chengdu-telecom-4",
      Namespace: "default",
      ServerState: "success",
      ServerStatus: "running",
    });
  });
});
