// "List everything" helpers: page 1 (PageSize 100) yields TotalCount, then pages 2..N are fetched
// concurrently with at most `concurrency` requests in flight.
import { mapConcurrent } from "./retry";
import type * as T from "./types";

export const MAX_PAGE_SIZE = 100;

type Opts = { signal?: AbortSignal; maxAttempts?: number };

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
): Promise<Out[]> {
  // Linked controller: once one page fails, the pages still queued are not sent.
  const ctrl = new AbortController();
  const onAbort = () => ctrl.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
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
    const rest = Array.from({ length: Math.max(0, pages - 1) }, (_, i) => i + 2);
    const later = await mapConcurrent(rest, concurrency, async (n) => {
      try {
        return transform(itemsOf(await fetchPage(n, ctrl.signal)) ?? []);
      } catch (e) {
        ctrl.abort(e);
        throw e;
      }
    });
    return [transform(firstItems), ...later].flat();
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

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
      });
    }
  }
  return rows;
}

export function createFleetHelpers(src: PagedSource, concurrency: number): FleetHelpers {
  const page = (n: number) => ({ PageNumber: n, PageSize: MAX_PAGE_SIZE });
  const callOpts = (signal: AbortSignal, o?: Opts) => ({ signal, maxAttempts: o?.maxAttempts });
  return {
    async listAllAicInstances(filter = {}, o) {
      // Rows are flattened as each page lands, overlapping that work with the pages still in flight.
      const rows = await fetchAllPages(
        (n, signal) => src.describeArmServerInstances({ ...filter, ...page(n), DescribeAICInstances: true }, callOpts(signal, o)),
        (r) => r.Servers,
        concurrency,
        o?.signal,
        flattenServers,
      );
      return uniqueBy(rows, (r) => r.InstanceId);
    },
    async listAllAicImages(filter = {}, o) {
      const images = await fetchAllPages(
        (n, signal) => src.describeAicImages({ ...filter, ...page(n) }, callOpts(signal, o)),
        (r) => r.Images,
        concurrency,
        o?.signal,
      );
      return uniqueBy(images, (i) => i.ImageId);
    },
    async listAllPublicKeys(filter = {}, o) {
      const keys = await fetchAllPages(
        (n, signal) => src.listAicPublicKeys({ ...filter, ...page(n) }, callOpts(signal, o)),
        (r) => r.PublicKeys,
        concurrency,
        o?.signal,
      );
      return uniqueBy(keys, (k) => k.KeyName);
    },
    async listAllPublicKeyDeliveries(filter = {}, o) {
      const rows = await fetchAllPages(
        (n, signal) => src.listAicPublicKeyDeliveries({ ...filter, ...page(n) }, callOpts(signal, o)),
        (r) => r.PublicKeyDeliverInfo,
        concurrency,
        o?.signal,
      );
      return uniqueBy(rows, (d) => `${d.KeyName}\u0000${d.InstanceId}`);
    },
  };
}
