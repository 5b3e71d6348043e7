import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { appendPeerAddress, clientIp, PEER_PROOF_HEADER, peerProof, trustedProxies } from "./request-info";

const xff = (v: string) => new Headers({ "x-forwarded-for": v });

describe("clientIp", () => {
  it("takes the entry the trusted hops point at, never a client's own left-most claim", () => {
    // Directly exposed: the right-most entry is the TCP peer, appended by the server itself.
    expect(clientIp(xff("203.0.113.9, 10.1.2.3"), 0)).toBe("10.1.2.3");
    // Behind one proxy: the proxy appended the client, the server appended the proxy.
    expect(clientIp(xff("203.0.113.9, 198.51.100.7, 10.0.0.1"), 1)).toBe("198.51.100.7");
    expect(clientIp(xff("::ffff:127.0.0.1"), 0)).toBe("127.0.0.1");
    expect(clientIp(xff("10.0.0.1"), 3)).toBe("10.0.0.1");
    expect(clientIp(new Headers(), 0)).toBeNull();
  });
});

describe("trustedProxies", () => {
  it("reads a small whole number and refuses anything else at once", () => {
    expect(trustedProxies({})).toBe(0);
    expect(trustedProxies({ CONSOLE_TRUSTED_PROXIES: "2" })).toBe(2);
    for (const bad of ["-1", "1.5", "one", "11"])
      expect(() => trustedProxies({ CONSOLE_TRUSTED_PROXIES: bad })).toThrow(/CONSOLE_TRUSTED_PROXIES/);
  });
});

describe("appendPeerAddress", () => {
  it("appends the socket's address to whatever X-Forwarded-For a client sent", async () => {
    await appendPeerAddress();
    const server = http.createServer((req, res) => res.end(String(req.headers["x-forwarded-for"])));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      expect(await (await fetch(url, { headers: { "x-forwarded-for": "203.0.113.9" } })).text()).toBe("203.0.113.9, 127.0.0.1");
      expect(await (await fetch(url)).text()).toBe("127.0.0.1");
    } finally {
      server.close();
    }
  });
});

describe("peerProof", () => {
  it("holds for the chain it was made for, in this process, until it expires; nothing else does", () => {
    const proofs = peerProof();
    const chain = "203.0.113.9, 127.0.0.5";
    const proof = proofs.sign(chain, 1_000);
    expect(proofs.verify(chain, proof, 1_000)).toBe(true);
    expect(proofs.verify("203.0.113.9, 127.0.0.6", proof, 1_000)).toBe(false);
    expect(proofs.verify(chain, proof, 31_001)).toBe(false);
    expect(peerProof().verify(chain, proof, 1_000)).toBe(false);
    for (const forged of ["", "x", `99999999999999.${"A".repeat(43)}`, proof.replace(/^\d+/, "99999999999999"), `${proof}=`])
      expect(proofs.verify(chain, forged, 1_000), forged).toBe(false);
  });
});

describe("a request the process forwards to itself (Next's forwarded server action)", () => {
  it("keeps the chain its first hop built; a client's own proof is ignored", async () => {
    await appendPeerAddress();
    let base = "";
    const server = http.createServer(async (req, res) => {
      if (req.url === "/first") {
        // As Next forwards an action: the request's headers, over loopback, to this server.
        const headers = {
          "x-forwarded-for": String(req.headers["x-forwarded-for"]),
          [PEER_PROOF_HEADER]: String(req.headers[PEER_PROOF_HEADER]),
        };
        res.end(await (await fetch(`${base}/second`, { headers })).text());
      } else res.end(String(req.headers["x-forwarded-for"]));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(await (await fetch(`${base}/first`, { headers: { "x-forwarded-for": "203.0.113.9" } })).text()).toBe("203.0.113.9, 127.0.0.1");
      const forged = peerProof().sign("203.0.113.9");
      expect(
        await (await fetch(`${base}/second`, { headers: { "x-forwarded-for": "203.0.113.9", [PEER_PROOF_HEADER]: forged } })).text(),
      ).toBe("203.0.113.9, 127.0.0.1");
    } finally {
      server.close();
    }
  });
});
