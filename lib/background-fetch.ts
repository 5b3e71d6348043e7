/** Marks a read the browser makes on its own (polling, refetch): it must not roll the idle session. */
export const BACKGROUND_HEADER = "x-console-background";

// Requests send it through getJson's `background` option (lib/http/get-json.ts), the one fetch helper.

/**
 * Whether a browser request is the user's doing, for the idle clock: every request to the console
 * is (server actions, navigations, refreshes, API reads), except background GETs (which the
 * proxy does not count either) and the router's link prefetches. Prefetches do roll the server's
 * clock (Next strips their header before the proxy can see it), but they are no sign of a person,
 * so the browser warns and signs out after 30 minutes without one.
 */
export function countsAsActivity(input: RequestInfo | URL, init: RequestInit = {}, origin = location.origin): boolean {
  const request = input instanceof Request ? input : null;
  const url = new URL(request?.url ?? String(input), origin);
  if (url.origin !== origin) return false;
  const method = (init.method ?? request?.method ?? "GET").toUpperCase();
  const headers = new Headers(init.headers ?? request?.headers);
  if (headers.get("next-router-prefetch") === "1") return false;
  return !(method === "GET" && headers.get(BACKGROUND_HEADER) === "1" && url.pathname.startsWith("/api/"));
}
