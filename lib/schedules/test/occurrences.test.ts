import { describe, expect, it } from "vitest";
import { cronProblem, dueAt, isTimeZone, nextRuns, runsBetween } from "../occurrences";

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());
const MIN = 60_000;

describe("a cron rule's next runs", () => {
  it("in a zone without daylight saving (Asia/Shanghai, UTC+8 all year)", () => {
    expect(iso(nextRuns("0 2 * * *", "Asia/Shanghai", new Date("2026-03-07T12:00:00Z"), 3))).toEqual([
      "2026-03-07T18:00:00.000Z",
      "2026-03-08T18:00:00.000Z",
      "2026-03-09T18:00:00.000Z",
    ]);
  });

  it("in UTC", () => {
    expect(iso(nextRuns("*/15 9 * * 1-5", "UTC", new Date("2026-12-04T09:20:00Z"), 3))).toEqual([
      "2026-12-04T09:30:00.000Z",
      "2026-12-04T09:45:00.000Z",
      "2026-12-07T09:00:00.000Z",
    ]);
  });

  it("across a daylight-saving change (America/New_York): a skipped time runs at the next valid instant, and the offset follows", () => {
    // 2026-03-08: clocks go from 02:00 to 03:00 EST→EDT; 02:30 does not exist that day.
    expect(iso(nextRuns("30 2 * * *", "America/New_York", new Date("2026-03-07T12:00:00Z"), 3))).toEqual([
      "2026-03-08T07:00:00.000Z",
      "2026-03-09T06:30:00.000Z",
      "2026-03-10T06:30:00.000Z",
    ]);
  });

  it("a repeated hour (the clocks go back) runs once", () => {
    // 2026-11-01: 01:30 happens twice in New York.
    const runs = runsBetween("30 1 * * *", "America/New_York", new Date("2026-10-31T12:00:00Z"), new Date("2026-11-02T12:00:00Z"));
    expect(iso(runs)).toEqual(["2026-11-01T05:30:00.000Z", "2026-11-02T06:30:00.000Z"]);
  });

  it("refuses what is not a five-field rule, and unknown zones", () => {
    expect(cronProblem("0 2 * * *")).toBeNull();
    expect(cronProblem("0 2 * *")).toMatch(/Five fields/);
    expect(cronProblem("0 25 * * *")).not.toBeNull();
    expect(cronProblem("* * * * * *")).toMatch(/Five fields/);
    expect(isTimeZone("Asia/Shanghai")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});

describe("what is due after downtime", () => {
  const nightly = (from: string, to: string) => runsBetween("0 2 * * *", "UTC", new Date(from), new Date(to));

  it("a run inside the grace window runs once; the ones before it are missed", () => {
    const occ = nightly("2026-12-01T00:00:00Z", "2026-12-04T02:10:00Z");
    expect(iso(occ)).toEqual([
      "2026-12-01T02:00:00.000Z",
      "2026-12-02T02:00:00.000Z",
      "2026-12-03T02:00:00.000Z",
      "2026-12-04T02:00:00.000Z",
    ]);
    const d = dueAt(occ, new Date("2026-12-04T02:10:00Z"), 15 * MIN);
    expect(d.run?.toISOString()).toBe("2026-12-04T02:00:00.000Z");
    expect(iso(d.missed)).toEqual(["2026-12-01T02:00:00.000Z", "2026-12-02T02:00:00.000Z", "2026-12-03T02:00:00.000Z"]);
  });

  it("a run outside the grace window is missed, not run", () => {
    const occ = nightly("2026-12-03T03:00:00Z", "2026-12-04T02:30:00Z");
    const d = dueAt(occ, new Date("2026-12-04T02:30:00Z"), 15 * MIN);
    expect(d.run).toBeNull();
    expect(iso(d.missed)).toEqual(["2026-12-04T02:00:00.000Z"]);
  });

  it("nothing due: nothing to run or miss", () => {
    expect(dueAt([], new Date(), 15 * MIN)).toEqual({ run: null, missed: [] });
  });
});
