import type { SortKey } from "../view";
import type { IndexRow, RowPatch } from "./rows";

const SORT_VALUE: Record<SortKey, (r: IndexRow) => string> = {
  id: (r) => r.id,
  name: (r) => r.name,
  server: (r) => r.serverId,
  node: (r) => r.node,
  spec: (r) => r.spec,
  state: (r) => r.state,
  login: (r) => (r.login.open ? "1" : "0"),
};

export interface Facets {
  node: string[];
  server: string[];
  state: string[];
  spec: string[];
  tag: string[];
}

/**
 * One process's copy of the fleet: the newest listing with the console's own changes over it.
 * Each sort order and the facets are computed once per version, so a request filters rows that
 * are already in order and sorts nothing.
 */
export class FleetIndex {
  rows: IndexRow[] = [];
  byId = new Map<string, number>();
  /** Lower-cased `id name`, what the search box matches, by row position. */
  hay: string[] = [];
  /** Bumped by every replacement and patch (what a cached response would depend on). */
  version = 0;
  /** Per sort key: bumped when a replacement or a patch changes that key's values. */
  private keyVersion: Record<SortKey, number> = { id: 0, name: 0, server: 0, node: 0, spec: 0, state: 0, login: 0 };
  snapshotId = 0;
  /** When the listing began and ended (database clock, ms). */
  listedFrom = 0;
  listedAt = 0;
  /** Patches newer than the listing, kept so a replacement by an older listing keeps them. */
  private patches = new Map<string, { patch: RowPatch; at: number }>();
  private orders = new Map<string, { version: number; order: Int32Array }>();
  private facetCache: { version: number; facets: Facets } | null = null;

  get ready(): boolean {
    return this.snapshotId > 0;
  }

  replace(rows: IndexRow[], snap: { id: number; listedFrom: number; listedAt: number }): void {
    this.rows = rows.slice();
    this.byId = new Map(rows.map((r, i) => [r.id, i]));
    this.hay = rows.map((r) => `${r.id} ${r.name}`.toLowerCase());
    this.snapshotId = snap.id;
    this.listedFrom = snap.listedFrom;
    this.listedAt = snap.listedAt;
    for (const [id, p] of this.patches) {
      if (p.at < snap.listedFrom) this.patches.delete(id);
      else this.applyTo(id, p.patch);
    }
    this.version++;
    for (const k of Object.keys(this.keyVersion) as SortKey[]) this.keyVersion[k]++;
  }

  /** A change the console made at `at` (database clock, ms): shown at once, kept over older listings. */
  patch(id: string, patch: RowPatch, at: number): void {
    const known = this.patches.get(id);
    if (known && known.at > at) return;
    this.patches.set(id, { patch: { ...known?.patch, ...patch }, at });
    if (!this.applyTo(id, patch)) return;
    this.version++;
    if (patch.login) this.keyVersion.login++;
    if (patch.state !== undefined) this.keyVersion.state++;
  }

  private applyTo(id: string, patch: RowPatch): boolean {
    const i = this.byId.get(id);
    if (i === undefined) return false;
    this.rows[i] = { ...this.rows[i], ...patch };
    return true;
  }

  get(id: string): IndexRow | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.rows[i];
  }

  /** Row positions in order of `key` (ties by id, ascending, either way). */
  order(key: SortKey, dir: "asc" | "desc" = "asc"): Int32Array {
    const slot = `${key}:${dir}`;
    const hit = this.orders.get(slot);
    if (hit && hit.version === this.keyVersion[key]) return hit.order;
    const value = SORT_VALUE[key];
    const keys = this.rows.map(value);
    const order = Int32Array.from(this.rows.keys());
    const ids = this.rows.map((r) => r.id);
    const sign = dir === "desc" ? -1 : 1;
    order.sort((a, b) => (keys[a] < keys[b] ? -sign : keys[a] > keys[b] ? sign : ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
    this.orders.set(slot, { version: this.keyVersion[key], order });
    return order;
  }

  facets(): Facets {
    if (this.facetCache?.version === this.keyVersion.state) return this.facetCache.facets;
    const sets = {
      node: new Set<string>(),
      server: new Set<string>(),
      state: new Set<string>(),
      spec: new Set<string>(),
      tag: new Set<string>(),
    };
    for (const r of this.rows) {
      sets.node.add(r.node);
      sets.server.add(r.serverId);
      sets.state.add(r.state);
      sets.spec.add(r.spec);
      for (const t of r.tags) sets.tag.add(t);
    }
    const sorted = (s: Set<string>) => [...s].filter(Boolean).sort();
    const facets = {
      node: sorted(sets.node),
      server: sorted(sets.server),
      state: sorted(sets.state),
      spec: sorted(sets.spec),
      tag: sorted(sets.tag),
    };
    this.facetCache = { version: this.keyVersion.state, facets };
    return facets;
  }
}
