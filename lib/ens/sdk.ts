// The only place that touches @alicloud/openapi-client. CJS interop differs between Next, vitest and
// plain Node/tsx (`mod.default.default ?? mod.default`, STACK.md), so classes are unwrapped by shape.
import * as OpenApiModule from "@alicloud/openapi-client";
import * as OpenApiUtilModule from "@alicloud/openapi-util";
import * as TeaUtilModule from "@alicloud/tea-util";
import * as CredentialsModule from "@alicloud/credentials";
import type { EnsConfig } from "./config";
import type { HttpMethod } from "./serialize";

type Ctor = new (...args: any[]) => any;

function defaultExport(mod: unknown): any {
  let v: any = mod;
  for (let i = 0; i < 3 && v && typeof v !== "function" && v.default; i++) v = v.default;
  return v;
}

function named(mod: unknown, name: string): Ctor {
  const m = mod as any;
  const found = m?.[name] ?? m?.default?.[name] ?? m?.default?.default?.[name];
  if (typeof found !== "function") throw new Error(`@alicloud SDK: export ${name} not found`);
  return found;
}

const OpenApiClient: Ctor = defaultExport(OpenApiModule);
const OpenApiConfig = named(OpenApiModule, "Config");
const Params = named(OpenApiModule, "Params");
const OpenApiRequest = named(OpenApiModule, "OpenApiRequest");
const RuntimeOptions = named(TeaUtilModule, "RuntimeOptions");
const OpenApiUtil: { query(filter: Record<string, unknown>): Record<string, string> } = defaultExport(OpenApiUtilModule);
const Credential: Ctor = defaultExport(CredentialsModule);

export const ENS_API_VERSION = "2017-11-10";

export interface RawCallOptions {
  readTimeoutMs?: number;
  connectTimeoutMs?: number;
}

export interface SdkTransport {
  call(action: string, method: HttpMethod, params: Record<string, string>, opts?: RawCallOptions): Promise<unknown>;
}

export function createSdkTransport(config: EnsConfig): SdkTransport {
  const hasStaticKey = Boolean(config.accessKeyId && config.accessKeySecret);
  const client = new OpenApiClient(
    new OpenApiConfig({
      endpoint: config.endpoint,
      protocol: config.protocol,
      regionId: config.regionId,
      ...(hasStaticKey ? { accessKeyId: config.accessKeyId, accessKeySecret: config.accessKeySecret } : { credential: new Credential() }),
      ...(config.signature === "v1" ? { signatureAlgorithm: "v2" } : {}),
      connectTimeout: Math.max(config.connectTimeoutMs, config.readTimeoutMs),
      readTimeout: config.readTimeoutMs,
    }),
  );

  return {
    async call(action, method, params, opts = {}) {
      const readTimeout = opts.readTimeoutMs ?? config.readTimeoutMs;
      // httpx passes connectTimeout to http.request as `timeout`, which Node applies as a socket
      // *idle* timeout for the whole exchange: with 3 s connect / 10 s read, a 5 s answer failed at
      // 3 s as "ConnectTimeout". Raising it to the read timeout keeps readTimeout meaningful; a
      // black-holed connect is then bounded by the read timeout instead.
      const connectTimeout = Math.max(opts.connectTimeoutMs ?? config.connectTimeoutMs, readTimeout);
      const response = await client.callApi(
        new Params({
          action,
          version: ENS_API_VERSION,
          protocol: config.protocol,
          pathname: "/",
          method,
          authType: "AK",
          style: "RPC",
          reqBodyType: "formData",
          bodyType: "json",
        }),
        new OpenApiRequest({ query: OpenApiUtil.query(params) }),
        // Retries are ours (client.ts); the SDK's own loop stays off. keepAlive is left unset on
        // purpose: setting it makes tea build a fresh http.Agent per request.
        new RuntimeOptions({ autoretry: false, maxAttempts: 1, readTimeout, connectTimeout }),
      );
      return (response as { body?: unknown }).body;
    },
  };
}
