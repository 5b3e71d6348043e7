// Test helpers: drive the emulator through the REAL Alibaba Cloud SDK (@alicloud/openapi-client).
// The SDK packages are CommonJS; loading them with createRequire gives the same module instances the
// SDK uses internally (so tests can patch OpenApiUtil.getTimestamp / Util.getNonce) and avoids the
// ESM default-import unwrapping pitfall (mod.default.default ?? mod.default) under tsx/plain Node.
import { createRequire } from "node:module";
import http from "node:http";

const require = createRequire(import.meta.url);
const unwrap = <T>(mod: any): T => (mod?.default?.default ?? mod?.default ?? mod) as T;

const openapiMod = require("@alicloud/openapi-client");
export const OpenApiClient = unwrap<any>(openapiMod);
export const { Config, Params, OpenApiRequest } = openapiMod.Config ? openapiMod : openapiMod.default;
export const OpenApiUtil = unwrap<any>(require("@alicloud/openapi-util"));
const teaUtilMod = require("@alicloud/tea-util");
export const TeaUtil = unwrap<any>(teaUtilMod);
export const RuntimeOptions = teaUtilMod.RuntimeOptions ?? teaUtilMod.default?.RuntimeOptions;

export interface Key {
  id: string;
  secret: string;
}

export function makeClient(endpoint: string, key: Key, opts: { v1?: boolean; readTimeout?: number } = {}): any {
  const config = new Config({
    accessKeyId: key.id,
    accessKeySecret: key.secret,
    endpoint,
    protocol: "HTTP",
    regionId: "cn-hangzhou",
    readTimeout: opts.readTimeout,
    ...(opts.v1 ? { signatureAlgorithm: "v2" } : {}),
  });
  return new OpenApiClient(config);
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface CallOptions {
  method?: "GET" | "POST";
  /** Put the params in a form body instead of the query. */
  inBody?: boolean;
  readTimeout?: number;
}

export async function call(client: any, action: string, query: Query = {}, opts: CallOptions = {}): Promise<any> {
  const params = new Params({
    action,
    version: "2017-11-10",
    protocol: "HTTP",
    pathname: "/",
    method: opts.method ?? "POST",
    authType: "AK",
    style: "RPC",
    reqBodyType: "formData",
    bodyType: "json",
  });
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined) clean[k] = String(v);
  const request = new OpenApiRequest(opts.inBody ? { body: clean } : { query: OpenApiUtil.query(clean) });
  const runtime = new RuntimeOptions(opts.readTimeout ? { readTimeout: opts.readTimeout } : {});
  const res = await client.callApi(params, request, runtime);
  return res.body;
}

/** Same as call() but returns the rejection (and fails if the call succeeds). */
export async function callError(client: any, action: string, query: Query = {}, opts: CallOptions = {}): Promise<any> {
  try {
    const body = await call(client, action, query, opts);
    throw new Error(`expected ${action} to fail, got ${JSON.stringify(body).slice(0, 200)}`);
  } catch (e: any) {
    if (e?.message?.startsWith?.(`expected ${action} to fail`)) throw e;
    return e;
  }
}

export interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A tiny forwarding proxy that records every request and can tamper with it on the way. */
export async function recordingProxy(
  targetPort: number,
  tamper?: (r: Recorded) => Recorded,
): Promise<{ endpoint: string; recorded: Recorded[]; close(): Promise<void> }> {
  const recorded: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      let r: Recorded = { method: req.method!, url: req.url!, headers: { ...req.headers }, body: Buffer.concat(chunks) };
      recorded.push(r);
      if (tamper) r = tamper(r);
      sendRaw(targetPort, r).then(
        (out) => {
          res.writeHead(out.status, { "content-type": out.headers["content-type"] ?? "application/json" });
          res.end(out.body);
        },
        () => res.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    endpoint: `127.0.0.1:${port}`,
    recorded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends a raw request (headers kept verbatim, host included) to the emulator. */
export function sendRaw(
  port: number,
  r: Recorded,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; json: any }> {
  return new Promise((resolve, reject) => {
    const headers = { ...r.headers };
    delete headers["content-length"];
    delete headers.connection;
    delete headers["transfer-encoding"];
    if (r.body.length > 0) headers["content-length"] = String(r.body.length);
    const req = http.request({ host: "127.0.0.1", port, method: r.method, path: r.url, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        let json: any;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
      });
    });
    req.on("error", reject);
    req.end(r.body);
  });
}

export async function control(url: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(
    `${url}/__emulator/${path}`,
    body === undefined ? {} : { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } },
  );
  return res.json();
}
