import { CLOSING_SOON_MS, type InstanceView } from "./view";

/**
 * The login filter: open or closed on ENS; open and closing within the hour; open with no expiry;
 * opened outside the console; the console's expiry close failed (still open).
 */
export const LOGIN_FILTERS = ["open", "closed", "closing-soon", "no-expiry", "outside", "expiry-failed"] as const;
export type LoginFilter = (typeof LOGIN_FILTERS)[number];

/** The list's view state; every field lives in the URL. */
export interface ViewParams {
  q: string;
  node: string[];
  server: string[];
  state: string[];
  spec: string[];
  /** `key=value` (that tag) or `key` (any value of it); several must all match. */
  tag: string[];
  login: "" | LoginFilter;
  sort: SortKey;
  dir: "asc" | "desc";
}

export const SORT_KEYS = ["id", "name", "server", "node", "spec", "state", "login"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
const MULTI = ["node", "server", "state", "spec"] as const;

export function parseView(sp: URLSearchParams): ViewParams {
  const sort = sp.get("sort") as SortKey | null;
  const login = sp.get("login") as LoginFilter | null;
  return {
    q: (sp.get("q") ?? "").slice(0, 200),
    node: sp.getAll("node"),
    server: sp.getAll("server"),
    state: sp.getAll("state"),
    spec: sp.getAll("spec"),
    tag: sp
      .getAll("tag")
      .slice(0, 20)
      .map((t) => t.slice(0, 200)),
    login: login && LOGIN_FILTERS.includes(login) ? login : "",
    sort: sort && SORT_KEYS.includes(sort) ? sort : "id",
    dir: sp.get("dir") === "desc" ? "desc" : "asc",
  };
}

export function viewToSearch(v: ViewParams, extra: Record<string, string | undefined> = {}): string {
  const sp = new URLSearchParams();
  if (v.q) sp.set("q", v.q);
  for (const k of MULTI) for (const val of v[k]) sp.append(k, val);
  for (const t of v.tag) sp.append("tag", t);
  if (v.login) sp.set("login", v.login);
  if (v.sort !== "id") sp.set("sort", v.sort);
  if (v.dir !== "asc") sp.set("dir", v.dir);
  for (const [k, val] of Object.entries(extra)) if (val) sp.set(k, val);
  const s = sp.toString();
  return s ? `?${s}` : "";
}

/** The value each sort key orders by (the fleet index presorts by the same). */
export const sortValue: Record<SortKey, (r: InstanceView) => string> = {
  id: (r) => r.id,
  name: (r) => r.name,
  server: (r) => r.serverId,
  node: (r) => r.node,
  spec: (r) => r.spec,
  state: (r) => r.state,
  login: (r) => (r.login.open ? "1" : "0"),
};

/** Whether a row's login passes the login filter at `now` (ms). */
export function loginMatches(login: InstanceView["login"], f: LoginFilter, now: number): boolean {
  const lease = login.lease ?? null;
  switch (f) {
    case "open":
      return login.open;
    case "closed":
      return !login.open;
    case "closing-soon":
      return login.open && !!lease?.expiresAt && Date.parse(lease.expiresAt) - now <= CLOSING_SOON_MS;
    case "no-expiry":
      return login.open && !!lease && lease.expiresAt === null;
    case "outside":
      return login.open && !!login.outside;
    case "expiry-failed":
      return login.open && lease?.state === "failed";
  }
}

/** Filters and sorts in one pass; cheap enough to run on every keystroke at 10,000 rows. */
export function applyView(rows: InstanceView[], v: ViewParams, now = Date.now()): InstanceView[] {
  const q = v.q.trim().toLowerCase();
  const sets = MULTI.map((k) => [k, v[k].length ? new Set(v[k]) : null] as const);
  const field = {
    node: (r: InstanceView) => r.node,
    server: (r: InstanceView) => r.serverId,
    state: (r: InstanceView) => r.state,
    spec: (r: InstanceView) => r.spec,
  };
  const out = rows.filter((r) => {
    for (const [k, set] of sets) if (set && !set.has(field[k](r))) return false;
    if (v.login && !loginMatches(r.login, v.login, now)) return false;
    for (const t of v.tag) if (!hasTag(r, t)) return false;
    if (q && !r.id.toLowerCase().includes(q) && !r.name.toLowerCase().includes(q)) return false;
    return true;
  });
  const key = sortValue[v.sort];
  const sign = v.dir === "desc" ? -1 : 1;
  return out.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -sign : ka > kb ? sign : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/** Whether the row carries tag `t`: `key=value` exactly, or `key` with any value. */
export function hasTag(r: InstanceView, t: string): boolean {
  return t.includes("=") ? r.tags.includes(t) : r.tags.some((x) => x.startsWith(`${t}=`));
}

/** Distinct values for the filter menus. */
export function facets(rows: InstanceView[]) {
  const collect = (f: (r: InstanceView) => string) => [...new Set(rows.map(f).filter(Boolean))].sort();
  const tags = [...new Set(rows.flatMap((r) => r.tags))].sort();
  return {
    node: collect((r) => r.node),
    server: collect((r) => r.serverId),
    state: collect((r) => r.state),
    spec: collect((r) => r.spec),
    tag: tags,
  };
}
