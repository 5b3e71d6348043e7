import { config, type Env } from "../config";

export interface EnsConfig {
  /** Host[:port] without scheme, e.g. `ens.aliyuncs.com` or `127.0.0.1:9100`. */
  endpoint: string;
  protocol: "HTTP" | "HTTPS";
  regionId: string;
  /** When either key part is absent, the @alicloud/credentials default chain is used. */
  accessKeyId?: string;
  accessKeySecret?: string;
  /** `v3` = ACS3-HMAC-SHA256 (SDK default); `v1` = RPC HMAC-SHA1 (SDK `signatureAlgorithm: 'v2'`). */
  signature?: "v3" | "v1";
  connectTimeoutMs: number;
  readTimeoutMs: number;
  maxAttempts: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  fleetConcurrency: number;
}

/** The ENS client's settings, from the console's validated configuration (lib/config.ts). */
export function ensConfigFromEnv(env?: Env): EnsConfig {
  const c = config(env);
  return {
    endpoint: c.ENS_ENDPOINT,
    protocol: c.ENS_PROTOCOL,
    regionId: c.ENS_REGION_ID,
    accessKeyId: c.ALIBABA_CLOUD_ACCESS_KEY_ID,
    accessKeySecret: c.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
    signature: c.ENS_SIGNATURE,
    connectTimeoutMs: c.ENS_CONNECT_TIMEOUT_MS,
    readTimeoutMs: c.ENS_READ_TIMEOUT_MS,
    maxAttempts: c.ENS_MAX_ATTEMPTS,
    baseBackoffMs: c.ENS_BACKOFF_BASE_MS,
    maxBackoffMs: c.ENS_BACKOFF_MAX_MS,
    fleetConcurrency: c.ENS_FLEET_CONCURRENCY,
  };
}
