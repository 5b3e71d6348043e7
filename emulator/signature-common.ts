// Pieces shared by the V1 and V3 verifiers: the parsed request, the key ring, timestamps, nonces.
import type { IncomingHttpHeaders } from "node:http";
import { ApiError, errors } from "./errors";

export interface ParsedRequest {
  method: string;
  pathname: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Decoded query pairs in wire order. */
  queryPairs: Array<[string, string]>;
  /** Decoded form-body pairs (only when content-type is x-www-form-urlencoded). */
  bodyPairs: Array<[string, string]>;
}

export interface AccessKey {
  id: string;
  secret: string;
  allowedActions?: string[];
}

export interface VerifiedCaller {
  accessKey: AccessKey;
  action: string;
  version: string;
  scheme: "V3" | "V1";
}

export const SKEW_MS = 15 * 60 * 1000;

export function header(req: ParsedRequest, name: string): string | undefined {
  const v = req.headers[name];
  if (Array.isArray(v)) return v.join(",");
  return v;
}

/** `YYYY-MM-DDTHH:mm:ssZ` (milliseconds tolerated); bad format / >15 min skew are errors. */
export function checkTimestamp(text: string | undefined, now: number): void {
  if (!text || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(text)) throw errors.timestampFormat();
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw errors.timestampFormat();
  if (Math.abs(now - t) > SKEW_MS) throw errors.timestampExpired();
}

/**
 * Remembers nonces per AccessKey for twice the skew window (a timestamp may be 15 min early or late).
 * A nonce is only recorded once the signature verified, so a forged request cannot burn a nonce.
 */
export class NonceStore {
  private seen = new Map<string, number>();
  private lastPrune = 0;

  has(keyId: string, nonce: string, now: number): boolean {
    const exp = this.seen.get(`${keyId}\n${nonce}`);
    return exp !== undefined && exp > now;
  }

  add(keyId: string, nonce: string, now: number): void {
    this.seen.set(`${keyId}\n${nonce}`, now + 2 * SKEW_MS);
    if (now - this.lastPrune > 60_000 || this.seen.size > 200_000) {
      this.lastPrune = now;
      for (const [k, exp] of this.seen) if (exp <= now) this.seen.delete(k);
    }
  }

  clear(): void {
    this.seen.clear();
  }
}

export function lookupKey(keys: Map<string, AccessKey>, id: string | undefined): AccessKey {
  const key = id ? keys.get(id) : undefined;
  if (!key) throw errors.accessKeyNotFound();
  return key;
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
