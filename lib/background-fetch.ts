/** Marks a read the browser makes on its own (polling, refetch): it must not roll the idle session. */
export const BACKGROUND_HEADER = "x-console-background";

export function backgroundFetch(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), [BACKGROUND_HEADER]: "1" } });
}

/**
 * Whether a browser request rolls the session's idle clock on the server: every request to the
 * console does (pages, RSC fetches, server actions, API reads), except background GETs (proxy.ts).
 */
export function rollsIdleClock(input: RequestInfo | URL, init: RequestInit = {}, origin = location.origin): boolean {
  const request = input instanceof Request ? input : null;
  const url = new URL(request?.url ?? String(input), origin);
  if (url.origin !== origin) return false;
  const method = (init.method ?? request?.method ?? "GET").toUpperCase();
  const headers = new Headers(init.headers ?? request?.headers);
  return !(method === "GET" && headers.get(BACKGROUND_HEADER) === "1" && url.pathname.startsWith("/api/"));
}
