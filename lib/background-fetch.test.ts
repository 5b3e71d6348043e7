import { describe, expect, it } from "vitest";
import { BACKGROUND_HEADER, countsAsActivity } from "./background-fetch";

const ORIGIN = "http://127.0.0.1:3000";

describe("countsAsActivity", () => {
  it("counts the console's own requests, whatever sends them", () => {
    expect(countsAsActivity("/api/fleet?fresh=1", {}, ORIGIN)).toBe(true);
    expect(countsAsActivity("/instances/aic-1", { method: "POST", headers: { "next-action": "abc" } }, ORIGIN)).toBe(true);
    expect(countsAsActivity(new Request(`${ORIGIN}/history?_rsc=1`), undefined, ORIGIN)).toBe(true);
    expect(countsAsActivity(new URL(`${ORIGIN}/api/keys`), {}, ORIGIN)).toBe(true);
  });

  it("skips background GETs of the API and requests to other origins", () => {
    expect(countsAsActivity("/api/fleet", { headers: { [BACKGROUND_HEADER]: "1" } }, ORIGIN)).toBe(false);
    expect(countsAsActivity("/api/fleet", { headers: new Headers([[BACKGROUND_HEADER, "1"]]) }, ORIGIN)).toBe(false);
    expect(countsAsActivity("https://elsewhere.example/api/fleet", {}, ORIGIN)).toBe(false);
    expect(countsAsActivity("/instances/aic-1?_rsc=x", { headers: { rsc: "1", "next-router-prefetch": "1" } }, ORIGIN)).toBe(false);
    // The proxy skips only GETs under /api: a marked POST still rolls the server's clock.
    expect(countsAsActivity("/api/fleet", { method: "POST", headers: { [BACKGROUND_HEADER]: "1" } }, ORIGIN)).toBe(true);
  });
});
