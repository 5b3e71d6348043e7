import { BACKGROUND_HEADER } from "../background-fetch";

/** A read the console's API refused or could not answer; `message` is ready to show. */
export class RequestFailed extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface GetJsonOptions {
  /** Polling and refetches: the proxy and the idle clock do not count it as the user's activity. */
  background?: boolean;
  /** Said when the server gives no message, e.g. "the fleet" → "the fleet could not be loaded". */
  what?: string;
  cache?: RequestCache;
  signal?: AbortSignal;
}

/** Where a browser goes when its session has ended: the login page, then back to this page. */
export function loginUrlForExpiredSession(): string {
  return `/login?reason=expired&next=${encodeURIComponent(location.pathname + location.search)}`;
}

/**
 * Every JSON read the browser makes of the console's API. A 401 means the session ended: the page
 * goes to the login page (which brings the user back here) instead of showing an error.
 */
export async function getJson<T>(url: string, opts: GetJsonOptions = {}): Promise<T> {
  const res = await fetch(url, {
    cache: opts.cache,
    signal: opts.signal,
    headers: opts.background ? { [BACKGROUND_HEADER]: "1" } : undefined,
  });
  if (res.status === 401) {
    window.location.assign(loginUrlForExpiredSession());
    throw new RequestFailed(401, "Console.Unauthenticated", "Signed out");
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = typeof error?.code === "string" ? error.code : String(res.status);
    const message = typeof error?.message === "string" ? error.message : `${opts.what ?? "the data"} could not be loaded`;
    throw new RequestFailed(res.status, code, `${code}: ${message}`);
  }
  return body as T;
}
