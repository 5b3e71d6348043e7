import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { config, type Env } from "../config";
import { logger } from "../log/logger";

const log = logger("http");

/**
 * How many reverse proxies in front of the console append to X-Forwarded-For
 * (CONSOLE_TRUSTED_PROXIES, default 0: the console's own port faces the clients).
 */
export function trustedProxies(env?: Env): number {
  return config(env).CONSOLE_TRUSTED_PROXIES;
}

/**
 * The caller's address. Every entry of X-Forwarded-For that a client wrote itself is a claim;
 * only the ones appended by this server (the TCP peer, see `appendPeerAddress`) and by the trusted
 * proxies in front of it are facts. So the address is the entry `trusted` places from the right,
 * never the left-most one a client can set at will.
 */
export function clientIp(headers: Headers, trusted = trustedProxies()): string | null {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const ip = chain[Math.max(0, chain.length - 1 - trusted)];
  if (!ip) return null;
  return ip.replace(/^::ffff:/, "").slice(0, 64);
}

/**
 * Proof, on a request, that its X-Forwarded-For was built by this process's own `appendPeerAddress`.
 * Next forwards a server action POSTed to a page that does not carry it to the page that does,
 * with a fetch over loopback that copies the request's headers: the forwarded request's TCP peer
 * is this process, so appending it would record 127.0.0.1 for every such call. The proof lets the
 * second hop keep the chain the first hop built; a client cannot make one (the key never leaves
 * the process) and one copied from a request is bound to that request's chain and expires.
 */
export const PEER_PROOF_HEADER = "x-aic-peer-proof";
const PROOF_TTL_MS = 30_000;

export interface PeerProof {
  sign(chain: string, now?: number): string;
  verify(chain: string, proof: string, now?: number): boolean;
}

/** A signer with its own random key: proofs it makes are valid in this process only. */
export function peerProof(key: Buffer = randomBytes(32)): PeerProof {
  const mac = (chain: string, expires: string) => createHmac("sha256", key).update(`${expires}\n${chain}`).digest();
  return {
    sign: (chain, now = Date.now()) => {
      const expires = String(now + PROOF_TTL_MS);
      return `${expires}.${mac(chain, expires).toString("base64url")}`;
    },
    verify: (chain, proof, now = Date.now()) => {
      const m = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(proof);
      if (!m || Number(m[1]) < now) return false;
      return timingSafeEqual(Buffer.from(m[2], "base64url"), mac(chain, m[1]));
    },
  };
}

/** The X-Forwarded-For a request came with, when `proof` shows this process built it (a forwarded server action). */
export function provenChain(prior: string | string[] | undefined, proof: unknown, proofs: PeerProof): string | null {
  const chain = Array.isArray(prior) ? prior.join(", ") : prior;
  return chain && typeof proof === "string" && proofs.verify(chain, proof) ? chain : null;
}

/**
 * `next start` keeps a client's own X-Forwarded-For and adds the socket's address only when
 * there is none, so a client could name any address it likes. Appending the TCP peer to every
 * request, as a proxy does, makes the right-most entry always true; a request this process
 * forwarded to itself keeps the chain its first hop built (`PEER_PROOF_HEADER`). Installed once at
 * start-up.
 */
export async function appendPeerAddress(): Promise<void> {
  const trusted = trustedProxies(); // a bad value stops the start-up here, not on the first sign-in
  const http = await import("node:http");
  let warned = false;
  const proto = http.Server.prototype as { emit: (event: string, ...args: unknown[]) => boolean; __aicPeer?: true };
  if (proto.__aicPeer) return;
  const emit = proto.emit;
  const proofs = peerProof();
  proto.emit = function (this: unknown, event: string, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as IncomingMessage;
      const peer = req.socket?.remoteAddress;
      const proof = req.headers[PEER_PROOF_HEADER];
      delete req.headers[PEER_PROOF_HEADER];
      if (peer) {
        const prior = req.headers["x-forwarded-for"];
        const proven = provenChain(prior, proof, proofs);
        if (prior && !proven && trusted === 0 && !warned && isPrivate(peer)) {
          warned = true;
          log.warn(
            { peer },
            `a request from ${peer} carried X-Forwarded-For while CONSOLE_TRUSTED_PROXIES=0. If a proxy is in front of the console, set CONSOLE_TRUSTED_PROXIES to the number of proxies, or every client is recorded (and throttled) as the proxy's address.`,
          );
        }
        const chain = proven ?? (prior ? `${Array.isArray(prior) ? prior.join(", ") : prior}, ${peer}` : peer);
        req.headers["x-forwarded-for"] = chain;
        req.headers[PEER_PROOF_HEADER] = proofs.sign(chain);
      }
    }
    return emit.call(this, event, ...args);
  };
  proto.__aicPeer = true;
}

const isPrivate = (ip: string) => /^(::1$|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::ffff:(127|10|192\.168)\.|f[cd])/i.test(ip);
