/** Marks a read the browser makes on its own (polling, refetch): it must not roll the idle session. */
export const BACKGROUND_HEADER = "x-console-background";

export function backgroundFetch(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), [BACKGROUND_HEADER]: "1" } });
}
