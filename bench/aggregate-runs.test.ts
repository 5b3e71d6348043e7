import { describe, expect, it } from "vitest";
import { aggregateRuns, medianOf } from "./aggregate-runs";
import type { Entry } from "./table";

const e = (value: number | null, met: boolean, more: Record<string, unknown> = {}): Entry => ({
  value,
  unit: "ms",
  baseline: 100,
  ratio: value === null ? null : value / 100,
  goal: "≤ 50 ms",
  met,
  ...more,
});

describe("aggregateRuns: each figure is its median run's, with min / median / max over the runs", () => {
  it("of three runs, the value, ratio, details and met are the median run's; min and max beside them", () => {
    const out = aggregateRuns([
      { a: e(60, false, { p95: { pglite: 60 } }) },
      { a: e(40, true, { p95: { pglite: 40 } }) },
      { a: e(45, true, { p95: { pglite: 45 } }) },
    ]);
    expect(out.a).toMatchObject({ value: 45, ratio: 0.45, met: true, p95: { pglite: 45 } });
    expect(out.a.acrossRuns).toEqual({
      of: 3,
      measured: 3,
      min: 40,
      median: 45,
      max: 60,
      values: [60, 40, 45],
      metByRun: [false, true, true],
      medianRun: 3,
    });
  });

  it("met is the median run's, not the best or the last run's", () => {
    const out = aggregateRuns([{ a: e(30, true) }, { a: e(70, false) }, { a: e(55, false) }]);
    expect(out.a.value).toBe(55);
    expect(out.a.met).toBe(false);
    expect(out.a.acrossRuns.medianRun).toBe(3);
  });

  it("a figure with a ratio goal takes the ratio of the run whose value is the median", () => {
    const r = (value: number, ratio: number, met: boolean): Entry => ({ ...e(value, met), ratio });
    const out = aggregateRuns([{ f: r(300, 4.5, true) }, { f: r(260, 3.9, false) }, { f: r(350, 4.2, false) }]);
    expect(out.f).toMatchObject({ value: 300, ratio: 4.5, met: true });
  });

  it("of an even count, the upper middle run, met only if both middle runs met", () => {
    const out = aggregateRuns([{ a: e(40, true) }, { a: e(10, true) }, { a: e(60, false) }, { a: e(20, true) }]);
    expect(out.a.value).toBe(40);
    expect(out.a.acrossRuns).toMatchObject({ min: 10, median: 40, max: 60, measured: 4, medianRun: 1 });
    expect(out.a.met).toBe(true);
    const two = aggregateRuns([{ a: e(40, true) }, { a: e(60, false) }]);
    expect(two.a).toMatchObject({ value: 60, met: false });
  });

  it("one run: the entry as it was, with its single value as min, median and max", () => {
    const out = aggregateRuns([{ a: e(42, true) }]);
    expect(out.a).toMatchObject({ value: 42, met: true, acrossRuns: { of: 1, measured: 1, min: 42, median: 42, max: 42 } });
  });

  it("a figure one run did not write or could not measure: the median of the runs that measured it", () => {
    const out = aggregateRuns([
      { a: e(40, true), b: e(null, false, { error: "timed out" }) },
      { a: e(60, false) },
      { a: e(50, true), b: e(30, true) },
    ]);
    expect(out.a.value).toBe(50);
    expect(out.b).toMatchObject({ value: 30, met: true });
    expect(out.b.acrossRuns).toEqual({
      of: 3,
      measured: 1,
      min: 30,
      median: 30,
      max: 30,
      values: [null, null, 30],
      metByRun: [false, null, true],
      medianRun: 3,
    });
    expect(Object.keys(aggregateRuns([undefined, { z: e(1, true) }]))).toEqual(["z"]);
  });

  it("a figure no run measured keeps the last error and is not met", () => {
    const out = aggregateRuns([{ a: e(null, false, { error: "first" }) }, undefined, { a: e(null, false, { error: "last" }) }]);
    expect(out.a).toMatchObject({ value: null, met: false, error: "last" });
    expect(out.a.acrossRuns).toMatchObject({
      measured: 0,
      min: null,
      median: null,
      max: null,
      medianRun: null,
      values: [null, null, null],
    });
  });

  it("medianOf", () => {
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 3, 2])).toBe(3);
    expect(medianOf([])).toBeNull();
  });
});
