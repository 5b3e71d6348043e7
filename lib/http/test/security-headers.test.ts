import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, makeNonce, securityHeaders, servedOverHttps } from "@/lib/http/security-headers";

const req = (url: string, headers: Record<string, string> = {}) => {
  const u = new URL(url);
  return { nextUrl: { protocol: u.protocol, pathname: u.pathname }, headers: new Headers(headers) };
};
const HSTS = "Strict-Transport-Security";

describe("per-request security headers", () => {
  it("gives every request its own nonce, and scripts run only with it", () => {
    const nonces = new Set(Array.from({ length: 100 }, makeNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    const [a, b] = [...nonces];
    const csp = contentSecurityPolicy(a, false);
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src "));
    expect(scriptSrc).toBe(`script-src 'self' 'nonce-${a}' 'strict-dynamic'`);
    expect(csp).not.toContain(b);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy(a, true)).toContain("'unsafe-eval'");
  });

  it("marks API answers no-store, and pages not", () => {
    expect(securityHeaders(req("http://c.test/api/fleet"), "n", 0)["Cache-Control"]).toBe("no-store");
    expect(securityHeaders(req("http://c.test/api/auth/session"), "n", 0)["Cache-Control"]).toBe("no-store");
    expect(securityHeaders(req("http://c.test/instances"), "n", 0)["Cache-Control"]).toBeUndefined();
  });

  it("sends HSTS over HTTPS; X-Forwarded-Proto counts only from trusted proxies", () => {
    // Behind one trusted proxy that ended TLS.
    expect(securityHeaders(req("https://c.test/instances", { "x-forwarded-proto": "https" }), "n", 1)[HSTS]).toBe(
      "max-age=31536000; includeSubDomains",
    );
    // A client talking plain HTTP to the console's own port claims https: Next's URL believes it, we do not.
    expect(securityHeaders(req("https://c.test/instances", { "x-forwarded-proto": "https" }), "n", 0)[HSTS]).toBeUndefined();
    expect(securityHeaders(req("http://c.test/instances"), "n", 1)[HSTS]).toBeUndefined();
    expect(servedOverHttps(req("http://c.test/", { "x-forwarded-proto": "http" }), 1)).toBe(false);
    // Proxies that append: the nearest one's word counts, not the client's first entry.
    expect(servedOverHttps(req("https://c.test/", { "x-forwarded-proto": "https, http" }), 2)).toBe(false);
    expect(servedOverHttps(req("https://c.test/", { "x-forwarded-proto": "http, HTTPS" }), 2)).toBe(true);
    // TLS ended at the console itself (no proxy header at all).
    expect(servedOverHttps(req("https://c.test/"), 0)).toBe(true);
  });
});
