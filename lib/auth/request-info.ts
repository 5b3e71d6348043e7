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
 * `next start` keeps a client's own X-Forwarded-For and adds the socket's address only when
 * there is none, so a client could name any address it likes. Appending the TCP peer to every
 * request, as a proxy does, makes the right-most entry always true. Installed once at start-up.
 */
export async function appendPeerAddress(): Promise<void> {
  const trusted = trustedProxies(); // a bad value stops the start-up here, not on the first sign-in
  const http = await import("node:http");
  let warned = false;
  const proto = http.Server.prototype as { emit: (event: string, ...args: unknown[]) => boolean; __aicPeer?: true };
  if (proto.__aicPeer) return;
  const emit = proto.emit;
  proto.emit = function (this: unknown, event: string, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as IncomingMessage;
      const peer = req.socket?.remoteAddress;
      if (peer) {
        const prior = req.headers["x-forwarded-for"];
        if (prior && trusted === 0 && !warned && isPrivate(peer)) {
          warned = true;
          log.warn(
            { peer },
            `a request from ${peer} carried X-Forwarded-For while CONSOLE_TRUSTED_PROXIES=0. If a proxy is in front of the console, set CONSOLE_TRUSTED_PROXIES to the number of proxies, or every client is recorded (and throttled) as the proxy's address.`,
          );
        }
        req.headers["x-forwarded-for"] = prior ? `${Array.isArray(prior) ? prior.join(", ") : prior}, ${peer}` : peer;
      }
    }
    return emit.call(this, event, ...args);
  };
  proto.__aicPeer = true;
}

const isPrivate = (ip: string) => /^(::1$|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::ffff:(127|10|192\.168)\.|f[cd])/i.test(ip);
