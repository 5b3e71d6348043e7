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

type Env = Record<string, string | undefined>;

function str(env: Env, name: string, fallback: string): string {
  const v = env[name]?.trim();
  return v ? v : fallback;
}

function int(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  }
  return n;
}

export function ensConfigFromEnv(env: Env = process.env): EnsConfig {
  const protocol = str(env, "ENS_PROTOCOL", "HTTPS").toUpperCase();
  if (protocol !== "HTTP" && protocol !== "HTTPS") {
    throw new Error(`ENS_PROTOCOL must be HTTP or HTTPS, got "${protocol}"`);
  }
  const signature = str(env, "ENS_SIGNATURE", "v3").toLowerCase();
  if (signature !== "v3" && signature !== "v1") {
    throw new Error(`ENS_SIGNATURE must be v3 or v1, got "${signature}"`);
  }
  const accessKeyId = env.ALIBABA_CLOUD_ACCESS_KEY_ID?.trim() || undefined;
  const accessKeySecret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET?.trim() || undefined;
  return {
    endpoint: str(env, "ENS_ENDPOINT", "ens.aliyuncs.com"),
    protocol,
    regionId: str(env, "ENS_REGION_ID", "cn-hangzhou"),
    accessKeyId,
    accessKeySecret,
    signature,
    connectTimeoutMs: int(env, "ENS_CONNECT_TIMEOUT_MS", 3000, 1),
    readTimeoutMs: int(env, "ENS_READ_TIMEOUT_MS", 10000, 1),
    maxAttempts: int(env, "ENS_MAX_ATTEMPTS", 4, 1),
    baseBackoffMs: int(env, "ENS_BACKOFF_BASE_MS", 200, 0),
    maxBackoffMs: int(env, "ENS_BACKOFF_MAX_MS", 5000, 0),
    fleetConcurrency: int(env, "ENS_FLEET_CONCURRENCY", 8, 1),
  };
}
