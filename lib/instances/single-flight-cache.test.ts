import { describe, expect, it } from "vitest";
import { SingleFlightCache } from "./single-flight-cache";

describe("fleet cache", () => {
  it("many concurrent readers share one upstream load, then the cached value until it expires", async () => {
    let loads = 0;
    let ttl = 60_000;
    const cache = new SingleFlightCache(
      () => ttl,
      async () => {
        loads++;
        await new Promise((r) => setTimeout(r, 20));
        return loads;
      },
    );
    const all = await Promise.all(Array.from({ length: 50 }, () => cache.get()));
    expect(loads).toBe(1);
    expect(new Set(all.map((r) => r.data))).toEqual(new Set([1]));
    await cache.get();
    expect(loads).toBe(1);
    ttl = 0;
    await cache.get();
    expect(loads).toBe(2);
  });

  it("fresh reads and invalidation go upstream; a failed load is not cached", async () => {
    let loads = 0;
    let fail = false;
    const cache = new SingleFlightCache(
      () => 60_000,
      async () => {
        loads++;
        if (fail) throw new Error("ENS down");
        return loads;
      },
    );
    await cache.get();
    await cache.get({ fresh: true });
    expect(loads).toBe(2);
    cache.invalidate();
    fail = true;
    await expect(cache.get()).rejects.toThrow("ENS down");
    fail = false;
    expect((await cache.get()).data).toBe(4);
  });
});

describe("fleet cache after a change", () => {
  it("a load that started before invalidate() is neither joined nor cached", async () => {
    let version = 1;
    const releases: Array<() => void> = [];
    const cache = new SingleFlightCache(
      () => 60_000,
      async () => {
        const seen = version;
        await new Promise<void>((r) => releases.push(r));
        return seen;
      },
    );
    const early = cache.get();
    await Promise.resolve();
    version = 2; // the change lands while the first listing is still on the wire
    cache.invalidate();
    const late = cache.get();
    await Promise.resolve();
    expect(releases).toHaveLength(2);
    releases.forEach((r) => r());
    expect((await early).data).toBe(1);
    expect((await late).data).toBe(2);
    expect((await cache.get()).data).toBe(2);
  });

  it("fresh reads share one load, and a failed one keeps the cached value", async () => {
    let loads = 0;
    let fail = false;
    const cache = new SingleFlightCache(
      () => 60_000,
      async () => {
        const n = ++loads;
        await new Promise((r) => setTimeout(r, 20));
        if (fail) throw new Error("ENS down");
        return n;
      },
    );
    await cache.get();
    const refreshes = await Promise.all(Array.from({ length: 10 }, () => cache.get({ fresh: true })));
    expect(loads).toBe(2);
    expect(new Set(refreshes.map((r) => r.data))).toEqual(new Set([2]));
    fail = true;
    await expect(cache.get({ fresh: true })).rejects.toThrow("ENS down");
    expect((await cache.get()).data).toBe(2);
  });
});
