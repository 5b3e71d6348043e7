import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { checkDestinationUrl, isAllowListed, OutboundError, post } from "../guard";

// A receiver on 127.0.0.1 (port 0), started by the test; each path answers its own way.
let server: http.Server;
let port = 0;
const seen: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      seen.push({ path: req.url ?? "", headers: req.headers, body });
      if (req.url === "/redirect") {
        res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
      } else if (req.url === "/slow") {
        // never answers within the test's timeout
        setTimeout(() => res.end("late"), 3000).unref();
      } else if (req.url === "/big") {
        res.writeHead(200).end("x".repeat(100 * 1024));
      } else {
        res.writeHead(201, { "content-type": "text/plain" }).end(`got ${body.length} bytes`);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

afterEach(() => {
  seen.length = 0;
  vi.unstubAllEnvs();
});

async function refusal(p: Promise<unknown>): Promise<OutboundError> {
  const e = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(e).toBeInstanceOf(OutboundError);
  return e as OutboundError;
}

describe("outbound guard: refused destinations", () => {
  it.each([
    ["loopback", () => `https://127.0.0.1:${port}/hook`],
    ["private", () => "https://10.0.0.1/hook"],
    ["link-local metadata", () => "https://169.254.169.254/latest/meta-data/"],
    ["a host name resolving to loopback", () => `https://localhost:${port}/hook`],
    ["IPv6 loopback", () => `https://[::1]:${port}/hook`],
  ])("%s is refused at connect time", async (_, url) => {
    const e = await refusal(post(url(), {}, "{}", { allow: [], timeoutMs: 2000 }));
    expect(e.reason).toBe("refused");
    expect(seen).toHaveLength(0);
  });

  it("plain http is refused unless the host is allow-listed, before any connection", async () => {
    const e = await refusal(post(`http://127.0.0.1:${port}/hook`, {}, "{}", { allow: [] }));
    expect(e.reason).toBe("refused");
    expect(e.message).toContain("CONSOLE_OUTBOUND_ALLOW");
    expect(() => checkDestinationUrl("ftp://example.com/x", [])).toThrow(OutboundError);
    expect(() => checkDestinationUrl("https://user:pw@example.com/x", [])).toThrow(OutboundError);
    expect(seen).toHaveLength(0);
  });

  it("an allow-list entry for another port does not allow this one", async () => {
    const e = await refusal(post(`https://localhost:${port}/hook`, {}, "{}", { allow: ["localhost:1"], timeoutMs: 2000 }));
    expect(e.reason).toBe("refused");
  });

  it("an error never repeats the URL's query (a token, a signature)", async () => {
    const e = await refusal(post("https://10.0.0.1/robot/send?access_token=SECRET_TOKEN&sign=SIG", {}, "{}", { allow: [] }));
    expect(e.message).not.toContain("SECRET_TOKEN");
    expect(e.message).not.toContain("SIG");
  });
});

describe("outbound guard: an allow-listed receiver", () => {
  it("matches host or host:port, case-insensitively", () => {
    const u = new URL("http://LocalHost:8080/x");
    expect(isAllowListed(u, ["localhost"])).toBe(true);
    expect(isAllowListed(u, ["localhost:8080"])).toBe(true);
    expect(isAllowListed(u, ["localhost:8081"])).toBe(false);
    expect(isAllowListed(new URL("https://a.example/"), ["a.example:443"])).toBe(true);
  });

  it("posts the body and headers, and answers with status, latency and body (allow-list from CONSOLE_OUTBOUND_ALLOW)", async () => {
    vi.stubEnv("CONSOLE_OUTBOUND_ALLOW", `example.org, 127.0.0.1:${port}`);
    const r = await post(`http://127.0.0.1:${port}/hook`, { "webhook-id": "audit_1" }, '{"seq":1}');
    expect(r).toMatchObject({ status: 201, body: "got 9 bytes", truncated: false });
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ path: "/hook", body: '{"seq":1}' });
    expect(seen[0]!.headers["webhook-id"]).toBe("audit_1");
    expect(seen[0]!.headers["content-type"]).toBe("application/json");
  });

  it("does not follow a redirect: the 3xx is the answer", async () => {
    const r = await post(`http://127.0.0.1:${port}/redirect`, {}, "{}", { allow: [`127.0.0.1:${port}`] });
    expect(r.status).toBe(302);
    expect(seen.map((s) => s.path)).toEqual(["/redirect"]);
  });

  it("gives up after the timeout", async () => {
    const e = await refusal(post(`http://127.0.0.1:${port}/slow`, {}, "{}", { allow: ["127.0.0.1"], timeoutMs: 200 }));
    expect(e.reason).toBe("timeout");
    expect(e.latencyMs).toBeGreaterThanOrEqual(190);
    expect(e.latencyMs).toBeLessThan(2000);
  });

  it("reads at most 64 KB of the answer", async () => {
    const r = await post(`http://127.0.0.1:${port}/big`, {}, "{}", { allow: ["127.0.0.1"] });
    expect(r.status).toBe(200);
    expect(r.truncated).toBe(true);
    expect(r.body).toHaveLength(64 * 1024);
  });
});
