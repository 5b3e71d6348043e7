import { describe, expect, it } from "vitest";
import { createEnsClient } from "../client";
import { ensConfigFromEnv } from "../config";
import { fetchAllPages, uniqueBy } from "../fleet";
import type { SdkTransport } from "../sdk";
import type { PagedResponse } from "../types";

const config = { ...ensConfigFromEnv({}), accessKeyId: "id", accessKeySecret: "s", baseBackoffMs: 1, maxBackoffMs: 2 };

function keysTransport(total: number, withTotal: boolean, log: number[] = []): SdkTransport {
  return {
    async call(_action, _method, params) {
      const page = Number(params.PageNumber);
      const size = Number(params.PageSize);
      log.push(page);
      const keys = Array.from({ length: Math.max(0, Math.min(size, total - (page - 1) * size)) }, (_, i) => ({
        KeyName: `key-${(page - 1) * size + i}`,
      }));
      return { RequestId: "R", PublicKeys: keys, PageNumber: page, PageSize: size, ...(withTotal ? { TotalCount: total } : {}) };
    },
  };
}

describe("paged helpers", () => {
  it("reads exactly ceil(TotalCount/100) pages with PageSize 100", async () => {
    const log: number[] = [];
    const c = createEnsClient(config, { transport: keysTransport(1234, true, log) });
    const keys = await c.listAllPublicKeys({ KeyType: "adb" });
    expect(keys).toHaveLength(1234);
    expect([...log].sort((a, b) => a - b)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
  });

  it("falls back to sequential paging when TotalCount is missing", async () => {
    const log: number[] = [];
    const c = createEnsClient(config, { transport: keysTransport(300, false, log) });
    expect(await c.listAllPublicKeys()).toHaveLength(300);
    expect(log).toEqual([1, 2, 3, 4]);
  });

  it("returns one page when everything fits, and [] for an empty list", async () => {
    const c = createEnsClient(config, { transport: keysTransport(0, true) });
    expect(await c.listAllPublicKeys()).toEqual([]);
  });

  it("stops queuing pages after a failure and honours abort", async () => {
    const sent: number[] = [];
    const transport: SdkTransport = {
      async call(_a, _m, params) {
        const page = Number(params.PageNumber);
        sent.push(page);
        await new Promise((r) => setTimeout(r, 5));
        if (page === 2)
          throw Object.assign(new Error("denied"), { statusCode: 400, data: { Code: "NoPermission", Message: "Permission denied." } });
        return { RequestId: "R", TotalCount: 2000, Images: [{ ImageId: `m-${page}` }] };
      },
    };
    const c = createEnsClient({ ...config, fleetConcurrency: 2 }, { transport });
    await expect(c.listAllAicImages()).rejects.toMatchObject({ code: "NoPermission" });
    expect(sent.length).toBeLessThanOrEqual(4);

    const ctrl = new AbortController();
    ctrl.abort();
    await expect(c.listAllAicImages({}, { signal: ctrl.signal })).rejects.toMatchObject({ code: "Ens.Aborted" });
  });

  it("uniqueBy keeps first occurrences; fetchAllPages transforms each page", async () => {
    expect(uniqueBy([1, 2, 1, 3, 2], String)).toEqual([1, 2, 3]);
    const out = await fetchAllPages(
      async (n): Promise<PagedResponse & { Items: number[] }> => ({ RequestId: "R", TotalCount: 150, Items: n === 1 ? [1, 2] : [3] }),
      (r) => r.Items,
      4,
      undefined,
      (xs) => xs.map((x) => x * 10),
    );
    expect(out).toEqual([10, 20, 30]);
  });

  it("a page's transform runs once its worker has asked for the next page", async () => {
    const events: string[] = [];
    for (const hint of [undefined, { get: () => 3, set: () => {} }]) {
      events.length = 0;
      const out = await fetchAllPages(
        async (n): Promise<PagedResponse & { Items: number[] }> => {
          events.push(`fetch ${n}`);
          await new Promise((r) => setTimeout(r, 2));
          return { RequestId: "R", TotalCount: 300, Items: [n] };
        },
        (r) => r.Items,
        1,
        undefined,
        (xs) => (events.push(`map ${xs[0]}`), xs.map((x) => x * 10)),
        hint,
      );
      expect(out).toEqual([10, 20, 30]);
      expect(events.indexOf("fetch 3")).toBeLessThan(events.indexOf("map 2"));
    }
  });

  it("mapAllAicInstances maps every instance of every page, in page order, each listed once", async () => {
    // 250 servers of 2 instances; the first server of page 2 shifted back onto page 3 as well.
    const server = (s: number) => ({
      ServerId: `srv-${s}`,
      EnsRegionId: "cn-a",
      AICInstances: [0, 1].map((i) => ({ InstanceId: `aic-${s}-${i}`, State: "running" })),
    });
    const transport: SdkTransport = {
      async call(_a, _m, params) {
        const page = Number(params.PageNumber);
        const ids = Array.from({ length: Math.max(0, Math.min(100, 250 - (page - 1) * 100)) }, (_, i) => (page - 1) * 100 + i);
        if (page === 3) ids.unshift(100);
        return { RequestId: "R", TotalCount: 250, Servers: ids.map(server) };
      },
    };
    const c = createEnsClient(config, { transport });
    const ids = await c.mapAllAicInstances(
      (r) => ({ id: r.InstanceId, on: r.ServerId }),
      (r) => r.id,
    );
    expect(ids).toHaveLength(500);
    expect(ids[0]).toEqual({ id: "aic-0-0", on: "srv-0" });
    expect(ids.slice(-1)).toEqual([{ id: "aic-249-1", on: "srv-249" }]);
    expect(ids.map((r) => r.id)).toEqual((await c.listAllAicInstances()).map((r) => r.InstanceId));
  });
});

describe("page-count hint", () => {
  /** Counts the calls started before page 1 answered: 1 without a hint, more with one. */
  function probe(total: () => number) {
    const log: number[] = [];
    const state = { startedBeforeFirst: 0, firstDone: false };
    const transport: SdkTransport = {
      async call(action, method, params, o) {
        if (!state.firstDone) state.startedBeforeFirst++;
        await new Promise((r) => setTimeout(r, 5));
        const res = await keysTransport(total(), true, log).call(action, method, params, o);
        if (Number(params.PageNumber) === 1) state.firstDone = true;
        return res;
      },
    };
    const reset = () => Object.assign(state, { startedBeforeFirst: 0, firstDone: false }, void (log.length = 0));
    return { log, state, transport, reset };
  }

  it("a repeat listing fetches every expected page at once, and follows growth and shrinkage", async () => {
    let total = 950;
    const p = probe(() => total);
    const c = createEnsClient(config, { transport: p.transport });
    expect(await c.listAllPublicKeys()).toHaveLength(950);
    expect(p.state.startedBeforeFirst).toBe(1);
    p.reset();
    total = 1234;
    expect(await c.listAllPublicKeys()).toHaveLength(1234);
    expect(p.state.startedBeforeFirst).toBe(config.fleetConcurrency);
    expect([...p.log].sort((a, b) => a - b)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    p.reset();
    total = 150;
    const keys = await c.listAllPublicKeys();
    expect(new Set(keys.map((k) => k.KeyName)).size).toBe(150);
    expect(keys).toHaveLength(150);
    p.reset();
    expect(await c.listAllPublicKeys()).toHaveLength(150);
    expect([...p.log].sort()).toEqual([1, 2]);
  });

  it("different filters keep separate hints", async () => {
    const p = probe(() => 450);
    const c = createEnsClient(config, { transport: p.transport });
    await c.listAllPublicKeys({ KeyType: "adb" });
    p.reset();
    await c.listAllPublicKeys({ KeyType: "other" });
    expect(p.state.startedBeforeFirst).toBe(1);
    p.reset();
    await c.listAllPublicKeys({ KeyType: "adb" });
    expect(p.state.startedBeforeFirst).toBe(5);
  });
});
