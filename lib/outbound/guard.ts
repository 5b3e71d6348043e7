import http from "node:http";
import https from "node:https";
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from "request-filtering-agent";
import { config } from "@/lib/config";

/**
 * The one way the console sends HTTP to a destination. The address is checked when the socket
 * connects (request-filtering-agent's agents, on the address DNS actually returned, so DNS
 * rebinding does not pass): loopback, private, link-local, metadata (169.254.169.254) and other
 * non-unicast addresses are refused unless the host is named in `CONSOLE_OUTBOUND_ALLOW`; plain
 * http only to such hosts. No redirect is followed (a 3xx is the answer), the whole exchange has
 * a timeout, and at most 64 KB of the answer is read. Node's http/https rather than fetch, whose
 * agent cannot be set. Errors never carry the URL's query (a DingTalk access token, a signature).
 */

export const OUTBOUND_TIMEOUT_MS = 5000;
export const OUTBOUND_MAX_BODY_BYTES = 64 * 1024;

export interface PostOptions {
  /** The whole exchange, connect to last byte (default 5 s). */
  timeoutMs?: number;
  /** The most of the answer's body read (default 64 KB); the rest is dropped. */
  maxBodyBytes?: number;
  /** Hosts (`host` or `host:port`) exempt from the address check; default CONSOLE_OUTBOUND_ALLOW. */
  allow?: readonly string[];
}

export interface PostResult {
  status: number;
  latencyMs: number;
  /** The answer's body as text, cut at maxBodyBytes. */
  body: string;
  truncated: boolean;
}

export type OutboundFailure = "refused" | "timeout" | "network";

/** No answer: the destination was refused, timed out, or the connection failed. */
export class OutboundError extends Error {
  constructor(
    readonly reason: OutboundFailure,
    message: string,
    readonly latencyMs: number,
  ) {
    super(message);
    this.name = "OutboundError";
  }
}

// One pair per process; keep-alive off, so every request connects (and is checked) anew.
const filteringHttp = new RequestFilteringHttpAgent({ keepAlive: false });
const filteringHttps = new RequestFilteringHttpsAgent({ keepAlive: false });
const plainHttp = new http.Agent({ keepAlive: false });
const plainHttps = new https.Agent({ keepAlive: false });

/** Whether `url`'s host is named in the allow-list (`host`, or `host:port` for one port). */
export function isAllowListed(url: URL, allow: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return allow.some((entry) => {
    const e = entry.trim().toLowerCase();
    return e === host || e === `${host}:${port}`;
  });
}

/** Where a URL may be sent, before any connection: its scheme, and plain http only when allow-listed. */
export function checkDestinationUrl(raw: string, allow: readonly string[] = config().CONSOLE_OUTBOUND_ALLOW): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError("refused", "not a URL", 0);
  }
  if (url.username || url.password) throw new OutboundError("refused", "a URL with credentials is not sent", 0);
  if (url.protocol === "https:") return url;
  if (url.protocol === "http:") {
    if (isAllowListed(url, allow)) return url;
    throw new OutboundError("refused", `plain http only to hosts in CONSOLE_OUTBOUND_ALLOW (${url.host})`, 0);
  }
  throw new OutboundError("refused", `only https (got ${url.protocol}//)`, 0);
}

/** POST `body` to `rawUrl`: the status, the time to the end of the (bounded) answer, and its text. */
export async function post(rawUrl: string, headers: Record<string, string>, body: string, options: PostOptions = {}): Promise<PostResult> {
  const allow = options.allow ?? config().CONSOLE_OUTBOUND_ALLOW;
  const timeoutMs = options.timeoutMs ?? OUTBOUND_TIMEOUT_MS;
  const maxBodyBytes = options.maxBodyBytes ?? OUTBOUND_MAX_BODY_BYTES;
  const url = checkDestinationUrl(rawUrl, allow);
  const allowed = isAllowListed(url, allow);
  const isHttps = url.protocol === "https:";
  const agent = isHttps ? (allowed ? plainHttps : filteringHttps) : allowed ? plainHttp : filteringHttp;
  const payload = Buffer.from(body, "utf8");
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);

  return new Promise<PostResult>((resolve, reject) => {
    let settled = false;
    const fail = (reason: OutboundFailure, message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(new OutboundError(reason, message, elapsed()));
    };
    const request = isHttps ? https.request : http.request;
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "user-agent": "aic-console-outbound",
          ...headers,
          "content-length": String(payload.length),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const done = () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, latencyMs: elapsed(), body: Buffer.concat(chunks).toString("utf8"), truncated });
        };
        res.on("data", (chunk: Buffer) => {
          if (settled) return;
          const room = maxBodyBytes - size;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            size = maxBodyBytes;
            truncated = true;
            done();
            res.destroy();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on("end", done);
        res.on("error", (e) => fail("network", describe(e)));
        res.on("close", () => (res.complete ? done() : fail("network", "the answer was cut off")));
      },
    );
    const timer = setTimeout(() => fail("timeout", `no complete answer within ${timeoutMs} ms`), timeoutMs);
    req.on("error", (e) => fail(refusedByAgent(e) ? "refused" : "network", describe(e)));
    req.end(payload);
  });
}

function refusedByAgent(e: Error): boolean {
  return /is not allowed\. Because/.test(e.message);
}

/** An error's words without the URL (its query may hold a token or a signature). */
function describe(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (refusedByAgent(e)) return `refused: ${e.message.replace(/^DNS lookup /, "")}`;
  return code ? `${code}: ${e.message}` : e.message;
}
