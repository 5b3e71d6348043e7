import { afterEach, describe, expect, it } from "vitest";
import { clearProcessSingleton } from "./singleton";
import { beginDrain, draining, inFlightCount, trackInFlight, untilIdle } from "./lifecycle";

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the process lifecycle (lib/lifecycle.ts)", () => {
  afterEach(() => clearProcessSingleton("lifecycle"));

  it("counts requests in flight, also when they throw, and wakes the shutdown when the last ends", async () => {
    let release!: () => void;
    const slow = trackInFlight(() => new Promise<string>((r) => (release = () => r("done"))));
    const failing = trackInFlight(async () => {
      await later(5);
      throw new Error("boom");
    });
    expect(inFlightCount()).toBe(2);
    const idle = untilIdle(5_000);
    await expect(failing).rejects.toThrow("boom");
    expect(inFlightCount()).toBe(1);
    release();
    expect(await slow).toBe("done");
    expect(await idle).toBe(true);
    expect(inFlightCount()).toBe(0);
  });

  it("gives up after the grace period with a request still running", async () => {
    void trackInFlight(() => later(200));
    expect(await untilIdle(20)).toBe(false);
    expect(await untilIdle(1_000)).toBe(true);
  });

  it("drains once and for good", () => {
    expect(draining()).toBe(false);
    beginDrain();
    beginDrain();
    expect(draining()).toBe(true);
  });
});
