// ENS emulator HTTP server: a test double of ens.aliyuncs.com for the AIC subset (see README.md).
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { Socket } from "node:net";
import { ACTIONS, API_VERSION } from "./actions/index";
import { RawJson } from "./actions/types";
import { CallStats } from "./calls";
import { handleControl } from "./control";
import { ApiError, errorBody, errors } from "./errors";
import { Faults, HTML_503 } from "./faults";
import { Params } from "./params";
import { type AccessKey, NonceStore, type ParsedRequest } from "./signature-common";
import { claimedAction, verifyRequest } from "./signature";
import { EmulatorState } from "./state";
import { Throttle } from "./throttle";
import { newRequestId, parsePairs } from "./util";

import { DEMO_ACCESS_KEY } from "./demo-key";

export { DEMO_ACCESS_KEY } from "./demo-key";

/** Cuts the connection without an answer (RST where Node supports it). */
function resetConnection(socket: Socket) {
  const s = socket as Socket & { resetAndDestroy?: () => void };
  if (typeof s.resetAndDestroy === "function") s.resetAndDestroy();
  else s.destroy();
}

export interface EmulatorOptions {
  port?: number /* 0 = ephemeral */;
  host?: string /* default 127.0.0.1 */;
  accessKeys?: Array<{ id: string; secret: string; allowedActions?: string[] }>;
  seed?: number;
  servers?: number;
  aicsPerServer?: number;
  latencyMs?: number;
  qps?: number /* token bucket per AccessKey+action; 0 = unlimited */;
  /** How long Reboot/Reset transitions last (default 3000 ms). */
  transitionMs?: number;
}

export interface RunningEmulator {
  url: string /* http://127.0.0.1:PORT */;
  endpoint: string /* "127.0.0.1:PORT" for the SDK Config.endpoint */;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

class Aborted extends Error {}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new Aborted());
  if (!(ms > 0)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Aborted());
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string): void {
  if (res.destroyed || res.writableEnded) return;
  const text = body instanceof RawJson ? `{"RequestId":${JSON.stringify(requestId)},${body.members}}` : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json;charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "x-acs-request-id": requestId,
  });
  res.end(text);
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = opts.host ?? "127.0.0.1";
  const seed = opts.seed ?? 42;
  const keys = new Map<string, AccessKey>((opts.accessKeys ?? [DEMO_ACCESS_KEY]).map((k) => [k.id, { ...k }]));
  const state = new EmulatorState({
    seed,
    servers: opts.servers ?? 25,
    aicsPerServer: opts.aicsPerServer ?? 8,
    transitionMs: opts.transitionMs ?? 3000,
  });
  const stats = new CallStats();
  const faults = new Faults(seed);
  // Programmatic default: unlimited (qps 0); `npm run emulator` defaults to 50 via optionsFromEnv.
  const throttle = new Throttle(opts.qps ?? 0);
  const nonces = new NonceStore();
  const baseLatency = opts.latencyMs ?? 0;
  const closing = new AbortController();
  const sockets = new Set<Socket>();

  async function handleApi(req: IncomingMessage, res: ServerResponse, rawQuery: string, body: Buffer): Promise<void> {
    const contentType = String(req.headers["content-type"] ?? "").toLowerCase();
    const parsed: ParsedRequest = {
      method: req.method ?? "GET",
      pathname: "/",
      headers: req.headers,
      body,
      queryPairs: parsePairs(rawQuery),
      bodyPairs: contentType.startsWith("application/x-www-form-urlencoded") ? parsePairs(body.toString("utf8")) : [],
    };
    const counted = claimedAction(parsed);
    stats.received(counted);
    const requestId = newRequestId();
    const aborted = new AbortController();
    const onClose = () => aborted.abort();
    res.on("close", onClose);
    closing.signal.addEventListener("abort", onClose, { once: true });
    const signal = aborted.signal;
    let outcome: boolean | undefined;
    const finish = (status: number, payload: unknown) => {
      sendJson(res, status, payload, requestId);
      outcome = status < 400;
    };
    try {
      await sleep(baseLatency, signal);
      const faulty = faults.applies(counted);
      if (faulty) await sleep(faults.extraDelayMs(), signal);
      const now = Date.now();
      const caller = verifyRequest(parsed, keys, nonces, now);
      const handler = Object.hasOwn(ACTIONS, caller.action) ? ACTIONS[caller.action] : undefined;
      // Choice (UNCONFIRMED): a wrong Version answers InvalidAction.NotFound (404) like an unknown action.
      if (!handler || caller.version !== API_VERSION) throw errors.actionNotFound();
      if (caller.accessKey.allowedActions && !caller.accessKey.allowedActions.includes(caller.action)) {
        throw errors.noPermission();
      }
      if (!throttle.take(caller.accessKey.id, caller.action, now)) throw errors.throttlingUser();
      const targetInstance = [...parsed.queryPairs, ...parsed.bodyPairs].find(([k]) => k === "InstanceId")?.[1];
      const fault = faulty ? faults.pickError(targetInstance) : undefined;
      switch (fault) {
        case "InternalError":
          throw errors.internalError();
        case "ServiceUnavailable":
          throw errors.serviceUnavailable();
        case "Throttling.User":
          throw errors.throttlingUser();
        case "NoPermission":
          throw errors.noPermission();
        case "Html503":
          if (!res.destroyed) {
            res.writeHead(503, { "content-type": "text/html", "content-length": Buffer.byteLength(HTML_503) });
            res.end(HTML_503);
          }
          outcome = false;
          return;
        case "ConnectionReset":
          resetConnection(req.socket);
          outcome = false;
          return;
        case "Hang":
          await sleep(faults.hangMs, signal);
          break;
      }
      state.settle(Date.now());
      const values = new Map<string, string>([...parsed.queryPairs, ...parsed.bodyPairs]);
      const result = handler(new Params(values), { state, now: Date.now() });
      stats.applied(caller.action, values);
      if (fault === "ApplyThenReset") {
        resetConnection(req.socket);
        outcome = false;
        return;
      }
      finish(200, result instanceof RawJson ? result : { RequestId: requestId, ...result });
    } catch (e) {
      if (e instanceof Aborted) outcome = false;
      else if (e instanceof ApiError) finish(e.status, errorBody(e, requestId));
      else {
        console.error("[ens-emulator] unexpected error", e);
        finish(500, errorBody(errors.internalError(), requestId));
      }
    } finally {
      res.off("close", onClose);
      closing.signal.removeEventListener("abort", onClose);
      stats.finished(counted, outcome === true);
    }
  }

  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const pathname = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? "" : url.slice(q + 1);
    readBody(req).then(
      (body) => {
        if (pathname.startsWith("/__emulator/") || pathname === "/__emulator") {
          handleControl(req, res, pathname, body, { state, stats, faults, throttle });
        } else if (pathname !== "/") {
          // Not the API path: not counted as an API call.
          const requestId = newRequestId();
          sendJson(res, 404, errorBody(errors.actionNotFound(), requestId), requestId);
        } else {
          void handleApi(req, res, rawQuery, body);
        }
      },
      () => {
        if (!res.headersSent && !res.destroyed) sendJson(res, 413, { error: "body too large" }, newRequestId());
      },
    );
  });
  // Idle keep-alive sockets are closed by clients first (undici: 4 s): a server closing them at its
  // own 5 s races a request sent on them at the same moment (ECONNRESET under load).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (opts.port ?? 0);
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}`,
    endpoint: `${shownHost}:${port}`,
    port,
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closed;
    },
  };
}
