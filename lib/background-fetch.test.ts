import { describe, expect, it } from "vitest";
import { BACKGROUND_HEADER, rollsIdleClock } from "./background-fetch";

const ORIGIN = "http://127.0.0.1:3000";

describe("rollsIdleClock (mirrors proxy.ts)", () => {
  it("counts the console's own requests, whatever sends them", () => {
    expect(rollsIdleClock("/api/fleet?fresh=1", {}, ORIGIN)).toBe(true);
    expect(rollsIdleClock("/instances/aic-1", { method: "POST", headers: { "next-action": "abc" } }, ORIGIN)).toBe(true);
    expect(rollsIdleClock(new Request(`${ORIGIN}/history?_rsc=1`), undefined, ORIGIN)).toBe(true);
    expect(rollsIdleClock(new URL(`${ORIGIN}/api/keys`), {}, ORIGIN)).toBe(true);
  });

  it("skips background GETs of the API and requests to other origins", () => {
    expect(rollsIdleClock("/api/fleet", { headers: { [BACKGROUND_HEADER]: "1" } }, ORIGIN)).toBe(false);
    expect(rollsIdleClock("/api/fleet", { headers: new Headers([[BACKGROUND_HEADER, "1"]]) }, ORIGIN)).toBe(false);
    expect(rollsIdleClock("https://elsewhere.example/api/fleet", {}, ORIGIN)).toBe(false);
    // The proxy skips only GETs under /api: a marked POST still rolls the server's clock.
    expect(rollsIdleClock("/api/fleet", { method: "POST", headers: { [BACKGROUND_HEADER]: "1" } }, ORIGIN)).toBe(true);
  });
});
