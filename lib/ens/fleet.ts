// "List everything" helpers: page 1 (PageSize 100) yields TotalCount, then pages 2..N are fetched
// concurrently with at most `concurrency` requests in flight. A repeat listing of the same query
// fetches all the pages it expects at once (see fetchWithHint).
import { mapConcurrent } from "./retry";
import type * as T from "./types";

export const MAX_PAGE_SIZE = 100;

type Opts = { signal?: AbortSignal; maxAttempts?: number; beforeAttempt?: (action: T.EnsAction) => Promise<void> };

interface PagedSource {
  describeArmServerInstances(req: T.DescribeArmServerInstancesRequest, o?: Opts): Promise<T.DescribeArmServerInstancesResponse>;
  describeAicImages(req: T.DescribeAicImagesRequest, o?: Opts): Promise<T.DescribeAicImagesResponse>;
  listAicPublicKeys(req: T.ListAicPublicKeysRequest, o?: Opts): Promise<T.ListAicPublicKeysResponse>;
  listAicPublicKeyDeliveries(req: T.ListAicPublicKeyDeliveriesRequest, o?: Opts): Promise<T.ListAicPublicKeyDeliveriesResponse>;
}

type NoPaging<R> = Omit<R, "PageNumber" | "PageSize">;
export type ArmServerFilter = Omit<NoPaging<T.DescribeArmServerInstancesRequest>, "DescribeAICInstances">;
export type AicImageFilter = NoPaging<T.DescribeAicImagesRequest>;
export type PublicKeyFilter = NoPaging<T.ListAicPublicKeysRequest>;
export type PublicKeyDeliveryFilter = NoPaging<T.ListAicPublicKeyDeliveriesRequest>;

export interface FleetHelpers {
  listAllAicInstances(filter?: ArmServerFilter, opts?: Opts): Promise<T.AicInstanceRow[]>;
  /**
   * listAllAicInstances with each row mapped as its page lands, overlapping that work with the
   * pages still in flight; only the mapped rows are kept. `idOf` names a mapped row's instance
   * (rows listed twice, as items shift between pages, are kept once).
   */
  mapAllAicInstances<R>(map: (row: T.AicInstanceRow) => R, idOf: (r: R) => string, filter?: ArmServerFilter, opts?: Opts): Promise<R[]>;
  listAllAicImages(filter?: AicImageFilter, opts?: Opts): Promise<T.AicImage[]>;
  listAllPublicKeys(filter?: PublicKeyFilter, opts?: Opts): Promise<T.AicPublicKey[]>;
  listAllPublicKeyDeliveries(filter?: PublicKeyDeliveryFilter, opts?: Opts): Promise<T.AicPublicKeyDelivery[]>;
}

export async function fetchAllPages<Res extends T.PagedResponse, Item, Out = Item>(
  fetchPage: (pageNumber: number, signal: AbortSignal) => Promise<Res>,
  itemsOf: (res: Res) => Item[] | undefined,
  concurrency: number,
  signal?: AbortSignal,
  /** Applied to each page as it lands, so that work overlaps the pages still in flight. */
  transform: (items: Item[]) => Out[] = (items) => items as unknown as Out[],
  /** The page count seen by the last listing of the same query, if any. */
  hint?: PageHint,
): Promise<Out[]> {
  // Linked controller: once one page fails, the pages still queued are not sent.
  const ctrl = new AbortController();
  const onAbort = () => ctrl.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  signal?.addEventListener("abort", onAbort, { once: true });
  const guarded = async (n: number) => {
    try {
      return await fetchPage(n, ctrl.signal);
    } catch (e) {
      ctrl.abort(e);
      throw e;
    }
  };
  try {
    const expected = hint?.get();
    if (expected && expected > 1) return await fetchWithHint(guarded, itemsOf, concurrency, transform, expected, hint!);
    const first = await fetchPage(1, ctrl.signal);
    const firstItems = itemsOf(first) ?? [];
    if (first.TotalCount === undefined || first.TotalCount === null) {
      // No TotalCount: fall back to reading sequentially until a short page.
      const out = [transform(firstItems)];
      for (let n = 2, last = firstItems.length; last >= MAX_PAGE_SIZE; n++) {
        const items = itemsOf(await fetchPage(n, ctrl.signal)) ?? [];
        out.push(transform(items));
        last = items.length;
      }
      return out.flat();
    }
    // TotalCount counts top-level items (servers for DescribeARMServerInstances, not AICs).
    const pages = Math.ceil(Number(first.TotalCount) / MAX_PAGE_SIZE);
    hint?.set(pages);
    const rest = Array.from({ length: Math.max(0, pages - 1) }, (_, i) => i + 2);
    const later = await mapConcurrent(rest, concurrency, async (n) => {
      try {
        // Boxed: an async function returning the promise itself would wait for it.
        return { rows: afterNextSend(transform, itemsOf(await fetchPage(n, ctrl.signal)) ?? []) };
      } catch (e) {
        ctrl.abort(e);
        throw e;
      }
    });
    return [transform(firstItems), ...(await Promise.all(later.map((p) => p.rows)))].flat();
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

export interface PageHint {
  get(): number | undefined;
  set(pages: number): void;
}

/**
 * A repeat listing knows roughly how many pages there are, so page 1 need not go alone: all the
 * expected pages are fetched concurrently from the start, then any pages the fleet grew by.
 * This saves one round trip of latency per listing (the console re-lists every few seconds).
 */
async function fetchWithHint<Res extends T.PagedResponse, Item, Out>(
  fetchPage: (n: number) => Promise<Res>,
  itemsOf: (res: Res) => Item[] | undefined,
  concurrency: number,
  transform: (items: Item[]) => Out[],
  expected: number,
  hint: PageHint,
): Promise<Out[]> {
  const byPage = new Map<number, Promise<Out[]>>();
  let total: number | undefined;
  let lastLength = 0;
  const load = async (n: number) => {
    const res = await fetchPage(n);
    const items = itemsOf(res) ?? [];
    if (n === 1 && res.TotalCount !== undefined && res.TotalCount !== null) total = Number(res.TotalCount);
    if (n === expected) lastLength = items.length;
    byPage.set(n, afterNextSend(transform, items));
  };
  await mapConcurrent(range(1, expected), concurrency, load);
  let pages = total === undefined ? expected : Math.max(1, Math.ceil(total / MAX_PAGE_SIZE));
  if (pages > expected) await mapConcurrent(range(expected + 1, pages), concurrency, load);
  // Without TotalCount, keep reading while pages come back full.
  for (let n = pages + 1; total === undefined && lastLength >= MAX_PAGE_SIZE; n++, pages++) {
    const items = itemsOf(await fetchPage(n)) ?? [];
    byPage.set(n, Promise.resolve(transform(items)));
    lastLength = items.length;
  }
  hint.set(pages);
  const out = await Promise.all(range(1, pages).map((n) => byPage.get(n) ?? []));
  return out.flat();
}

/**
 * A page's transform, run once the worker that fetched it has sent its next request (after the
 * current I/O callbacks and microtasks): the next page's latency starts before this page's work.
 */
const afterNextSend = <Item, Out>(transform: (items: Item[]) => Out[], items: Item[]): Promise<Out[]> => {
  const out = new Promise<Out[]>((resolve, reject) =>
    setImmediate(() => {
      try {
        resolve(transform(items));
      } catch (e) {
        reject(e);
      }
    }),
  );
  // Awaited by the listing, unless a page failed first: then its failure is the one reported.
  out.catch(() => {});
  return out;
};

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** Items can shift between pages while listing; keep the first occurrence of each key. */
export function uniqueBy<Item>(items: Item[], key: (item: Item) => string): Item[] {
  const seen = new Set<string>();
  return items.filter((it) => {
    const k = key(it);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function flattenServers(servers: T.ArmServer[]): T.AicInstanceRow[] {
  const rows: T.AicInstanceRow[] = [];
  for (const s of servers) {
    for (const a of s.AICInstances ?? []) {
      rows.push({
        InstanceId: a.InstanceId,
        Name: a.Name,
        Spec: a.Spec,
        ImageId: a.ImageId,
        State: a.State,
        Status: a.Status,
        Frequency: a.Frequency,
        Resolution: a.Resolution,
        LatestAction: a.LatestAction,
        IpAddress: a.NetworkAttributes?.IpAddress,
        NetworkId: a.NetworkAttributes?.NetworkId,
        VSwitchId: a.NetworkAttributes?.VSwitchId,
        SdgStatus: a.SdgDeployInfo?.Status,
        ServerId: s.ServerId,
        ServerName: s.Name,
        ServerSpec: s.SpecName,
        EnsRegionId: s.EnsRegionId,
        Namespace: s.Namespace,
        ServerState: s.State,
        ServerStatus: s.Status,
        Tags: s.Tags,
      });
    }
  }
  return rows;
}

export function createFleetHelpers(src: PagedSource, concurrency: number): FleetHelpers {
  const page = (n: number) => ({ PageNumber: n, PageSize: MAX_PAGE_SIZE });
  const hints = new Map<string, number>();
  const hintFor = (kind: string, filter: object): PageHint => {
    const key = `${kind}:${JSON.stringify(filter)}`;
    return {
      get: () => hints.get(key),
      set: (pages) => void (hints.size > 1000 ? hints.clear() : undefined, hints.set(key, pages)),
    };
  };
  const callOpts = (signal: AbortSignal, o?: Opts) => ({ signal, maxAttempts: o?.maxAttempts, beforeAttempt: o?.beforeAttempt });
  const mapAllAicInstances = async <R>(
    map: (row: T.AicInstanceRow) => R,
    idOf: (r: R) => string,
    filter: ArmServerFilter = {},
    o?: Opts,
  ) => {
    // Rows are flattened (and mapped) as each page lands, overlapping that work with the pages still in flight.
    const rows = await fetchAllPages(
      (n, signal) => src.describeArmServerInstances({ ...filter, ...page(n), DescribeAICInstances: true }, callOpts(signal, o)),
      (r) => r.Servers,
      concurrency,
      o?.signal,
      (servers) => flattenServers(servers).map(map),
      hintFor("servers", filter),
    );
    return uniqueBy(rows, idOf);
  };
  return {
    mapAllAicInstances,
    listAllAicInstances: (filter = {}, o) =>
      mapAllAicInstances(
        (r) => r,
        (r) => r.InstanceId,
        filter,
        o,
      ),
    async listAllAicImages(filter = {}, o) {
      const images = await fetchAllPages(
        (n, signal) => src.describeAicImages({ ...filter, ...page(n) }, callOpts(signal, o)),
        (r) => r.Images,
        concurrency,
        o?.signal,
        undefined,
        hintFor("images", filter),
      );
      return uniqueBy(images, (i) => i.ImageId);
    },
    async listAllPublicKeys(filter = {}, o) {
      const keys = await fetchAllPages(
        (n, signal) => src.listAicPublicKeys({ ...filter, ...page(n) }, callOpts(signal, o)),
        (r) => r.PublicKeys,
        concurrency,
        o?.signal,
        undefined,
        hintFor("keys", filter),
      );
      return uniqueBy(keys, (k) => k.KeyName);
    },
    async listAllPublicKeyDeliveries(filter = {}, o) {
      const rows = await fetchAllPages(
        (n, signal) => src.listAicPublicKeyDeliveries({ ...filter, ...page(n) }, callOpts(signal, o)),
        (r) => r.PublicKeyDeliverInfo,
        concurrency,
        o?.signal,
        undefined,
        hintFor("deliveries", filter),
      );
      return uniqueBy(rows, (d) => `${d.KeyName}\u0000${d.InstanceId}`);
    },
  };
}
