import { describe, expect, it } from "vitest";
import { formatInZone, instantOf, parseStopFailures, stopFailuresText, wallTimeOf } from "../zone-time";

describe("times in a schedule's zone", () => {
  it("formats an instant on the zone's clocks", () => {
    expect(formatInZone("2026-12-07T18:30:00Z", "Asia/Shanghai")).toBe("2026-12-08 02:30");
    expect(formatInZone("2026-12-07T18:30:00Z", "UTC")).toBe("2026-12-07 18:30");
    expect(formatInZone("2026-07-01T00:00:00Z", "Europe/Berlin")).toBe("2026-07-01 02:00");
  });

  it("reads a datetime-local value in the zone, round trip", () => {
    expect(instantOf("2026-12-08T02:30", "Asia/Shanghai")).toBe("2026-12-07T18:30:00.000Z");
    expect(instantOf("2026-12-08T02:30", "UTC")).toBe("2026-12-08T02:30:00.000Z");
    expect(instantOf("2026-07-01T02:00", "Europe/Berlin")).toBe("2026-07-01T00:00:00.000Z");
    expect(instantOf("2026-01-15T09:00", "America/New_York")).toBe("2026-01-15T14:00:00.000Z");
    expect(wallTimeOf("2026-12-07T18:30:00.000Z", "Asia/Shanghai")).toBe("2026-12-08T02:30");
    expect(instantOf("", "UTC")).toBeNull();
    expect(instantOf("tomorrow", "UTC")).toBeNull();
  });

  it("reads the failure limit as a count or a percentage", () => {
    expect(parseStopFailures("")).toEqual({});
    expect(parseStopFailures(" 5 ")).toEqual({ stopFailuresCount: 5 });
    expect(parseStopFailures("10%")).toEqual({ stopFailuresPercent: 10 });
    expect(parseStopFailures("10 %")).toEqual({ stopFailuresPercent: 10 });
    expect(parseStopFailures("a few")).toBeNull();
    expect(parseStopFailures("-1")).toBeNull();
    expect(stopFailuresText({ stopFailuresCount: null, stopFailuresPercent: 10 })).toBe("10%");
    expect(stopFailuresText({ stopFailuresCount: 3, stopFailuresPercent: null })).toBe("3");
    expect(stopFailuresText({ stopFailuresCount: null, stopFailuresPercent: null })).toBe("");
  });
});
