import { sortValue as SORT_VALUE, type SortKey } from "../list-params";
import type { IndexRow, RowPatch } from "./rows";

/** Which listing the index holds: its snapshot, when it began and ended (database clock, ms), its digest. */
export interface Listing {
  id: number;
  listedFrom: number;
  listedAt: number;
  digest: string;
}

export interface Facets {
  node: string[];
  server: string[];
  state: string[];
  spec: string[];
  tag: string[];
  /** Facets with more values than a menu can offer (servers of a large fleet): left empty, filtered by typing. */
  tooMany: (keyof Omit<Facets, "tooMany">)[];
}

/** A menu of more values than this is not usable, and would weigh more than the rows on screen. */
export const MAX_FACET_VALUES = 500;

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
  /** The held listing's digest (store.ts). */
  digest = "";
  /** Patches newer than the listing, kept so a replacement by an older listing keeps them. */
  private patches = new Map<string, { patch: RowPatch; at: number }>();
  private orders = new Map<string, { version: number; order: Int32Array }>();
  private facetCache: { version: number; facets: Facets } | null = null;
  /** Bumped when a value the filter menus offer may have changed. */
  private facetVersion = 0;

  get ready(): boolean {
    return this.snapshotId > 0;
  }

  /**
   * Takes a new listing. When it holds the same instances in the same order (the usual re-listing),
   * the sort orders and facets of every key whose values did not change are kept: a request after a
   * refresh sorts nothing again.
   */
  replace(rows: IndexRow[], snap: Listing): void {
    const before = this.rows;
    const sameIds = before.length === rows.length && rows.every((r, i) => r.id === before[i].id);
    this.rows = rows.slice();
    if (!sameIds) this.byId = new Map(rows.map((r, i) => [r.id, i]));
    this.snapshotId = snap.id;
    this.listedFrom = snap.listedFrom;
    this.listedAt = snap.listedAt;
    this.digest = snap.digest;
    for (const [id, p] of this.patches) {
      if (p.at < snap.listedFrom) this.patches.delete(id);
      else this.applyTo(id, p.patch);
    }
    this.version++;
    const keys = Object.keys(this.keyVersion) as SortKey[];
    const changed = sameIds ? keys.filter((k) => this.rows.some((r, i) => SORT_VALUE[k](r) !== SORT_VALUE[k](before[i]))) : keys;
    for (const k of changed) this.keyVersion[k]++;
    const facetKeys: SortKey[] = ["node", "server", "state", "spec"];
    if (!sameIds || changed.some((k) => facetKeys.includes(k)) || this.rows.some((r, i) => r.tags.join() !== before[i].tags.join()))
      this.facetVersion++;
    if (!sameIds || changed.includes("name")) this.hay = this.rows.map((r) => `${r.id} ${r.name}`.toLowerCase());
  }

  /**
   * A newer listing with the same rows as the one held (same digest): taken without loading it,
   * unless it supersedes a patch shown here (then the rows under the patch must come back).
   */
  tryTouch(snap: Listing): boolean {
    if (snap.digest !== this.digest) return false;
    for (const p of this.patches.values()) if (p.at < snap.listedFrom) return false;
    this.snapshotId = snap.id;
    this.listedFrom = snap.listedFrom;
    this.listedAt = snap.listedAt;
    this.version++;
    return true;
  }

  /** A change the console made at `at` (database clock, ms): shown at once, kept over older listings. */
  patch(id: string, patch: RowPatch, at: number): void {
    const known = this.patches.get(id);
    if (known && known.at > at) return;
    this.patches.set(id, { patch: { ...known?.patch, ...patch }, at });
    if (!this.applyTo(id, patch)) return;
    this.version++;
    if (patch.login) this.keyVersion.login++;
    if (patch.state !== undefined) {
      this.keyVersion.state++;
      this.facetVersion++;
    }
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
    if (this.facetCache?.version === this.facetVersion) return this.facetCache.facets;
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
    const tooMany = (Object.keys(sets) as (keyof typeof sets)[]).filter((k) => sets[k].size > MAX_FACET_VALUES);
    const sorted = (k: keyof typeof sets) => (tooMany.includes(k) ? [] : [...sets[k]].filter(Boolean).sort());
    const facets: Facets = {
      node: sorted("node"),
      server: sorted("server"),
      state: sorted("state"),
      spec: sorted("spec"),
      tag: sorted("tag"),
      tooMany,
    };
    this.facetCache = { version: this.facetVersion, facets };
    return facets;
  }
}
