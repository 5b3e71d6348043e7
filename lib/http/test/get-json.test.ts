import { afterEach, describe, expect, it, vi } from "vitest";
import { BACKGROUND_HEADER } from "@/lib/background-fetch";
import { getJson, RequestFailed } from "@/lib/http/get-json";

const assign = vi.fn();
function serve(status: number, body: unknown) {
  const fetch = vi.fn(
    async (_url: string, _init?: RequestInit) =>
      new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }),
  );
  vi.stubGlobal("fetch", fetch);
  vi.stubGlobal("location", { pathname: "/instances", search: "?q=aic-1" });
  vi.stubGlobal("window", { location: { assign } });
  return fetch;
}
const headersOf = (init: RequestInit | undefined) => new Headers(init?.headers);

afterEach(() => {
  vi.unstubAllGlobals();
  assign.mockReset();
});

describe("getJson", () => {
  it("returns the body, and marks only background reads", async () => {
    const fetch = serve(200, { rows: [] });
    expect(await getJson("/api/fleet", { background: true })).toEqual({ rows: [] });
    expect(headersOf(fetch.mock.calls[0][1]).get(BACKGROUND_HEADER)).toBe("1");
    await getJson("/api/fleet?fresh=1");
    expect(headersOf(fetch.mock.calls[1][1]).get(BACKGROUND_HEADER)).toBeNull();
  });

  it("sends an ended session to the login page, which brings the user back", async () => {
    serve(401, { ok: false, error: { code: "Console.Unauthenticated", message: "Your session has ended. Sign in again." } });
    await expect(getJson("/api/fleet", { background: true })).rejects.toBeInstanceOf(RequestFailed);
    expect(assign).toHaveBeenCalledWith(`/login?reason=expired&next=${encodeURIComponent("/instances?q=aic-1")}`);
  });

  it("says what the server said when a read fails, or what could not be loaded", async () => {
    serve(429, { ok: false, error: { code: "Console.RateLimited", message: "Too many reads." } });
    await expect(getJson("/api/instances/aic-1")).rejects.toMatchObject({
      status: 429,
      code: "Console.RateLimited",
      message: "Console.RateLimited: Too many reads.",
    });
    serve(502, "not json we know");
    await expect(getJson("/api/keys", { what: "the keys" })).rejects.toMatchObject({
      status: 502,
      message: "502: the keys could not be loaded",
    });
    expect(assign).not.toHaveBeenCalled();
  });
});
