import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { compressJson } from "../compress-json";

const req = (enc?: string) => new Request("http://c.test/api/fleet", { headers: enc ? { "accept-encoding": enc } : {} });
const big = { rows: Array.from({ length: 500 }, (_, i) => ({ id: `aic-${i}`, name: "instance" })) };

describe("compressJson", () => {
  it("gzips a JSON read the client accepts gzip for, keeping status and headers", async () => {
    const res = await compressJson(req("gzip, deflate, br"), Response.json(big, { status: 200, headers: { "cache-control": "no-store" } }));
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("vary")).toContain("accept-encoding");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBeLessThan(JSON.stringify(big).length / 4);
    expect(JSON.parse(gunzipSync(body).toString())).toEqual(big);
  });

  it("leaves alone: no gzip asked, a small body, a stream of events", async () => {
    expect((await compressJson(req(), Response.json(big))).headers.get("content-encoding")).toBeNull();
    expect((await compressJson(req("gzip"), Response.json({ ok: true }))).headers.get("content-encoding")).toBeNull();
    const sse = new Response("data: {}\n\n", { headers: { "content-type": "text/event-stream" } });
    expect(await compressJson(req("gzip"), sse)).toBe(sse);
  });
});
