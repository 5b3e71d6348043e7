import type { AicInstanceRow, AicPublicKeyDelivery } from "../../ens";
import type { InstanceView, LoginState } from "../view";

/** An instance as the index holds it: what ENS lists, the login as its deliveries show it (no lease). */
export type IndexRow = Omit<InstanceView, "login"> & { login: Pick<LoginState, "open" | "keys"> };

/** A change the console made to one instance, applied over the listing until the next one. */
export type RowPatch = Partial<Pick<IndexRow, "login" | "state" | "status">>;

// Node, spec, state, status, server and image repeat across 100,000 rows: one string each.
function interner() {
  const seen = new Map<string, string>();
  return (s: string) => {
    const hit = seen.get(s);
    if (hit !== undefined) return hit;
    seen.set(s, s);
    return s;
  };
}

export function loginFrom(deliveries: AicPublicKeyDelivery[]): IndexRow["login"] {
  const keys = [...new Set(deliveries.map((d) => d.KeyName).filter((k): k is string => !!k))].sort();
  return { open: keys.length > 0, keys };
}

const tagsOf = (tags: AicInstanceRow["Tags"], intern: (s: string) => string) =>
  (tags ?? []).filter((t) => t.Key).map((t) => intern(`${t.Key}=${t.Value ?? ""}`));

export function toIndexRow(
  r: AicInstanceRow,
  login: IndexRow["login"],
  intern: (s: string) => string = (s) => s,
  tags: string[] = tagsOf(r.Tags, intern),
): IndexRow {
  return {
    id: r.InstanceId,
    name: r.Name ?? "",
    serverId: intern(r.ServerId),
    serverName: intern(r.ServerName ?? ""),
    node: intern(r.EnsRegionId ?? ""),
    spec: intern(r.Spec ?? ""),
    imageId: intern(r.ImageId ?? ""),
    ip: r.IpAddress ?? "",
    state: intern(r.State ?? ""),
    status: intern(r.Status ?? ""),
    tags,
    login,
  };
}

/**
 * Index rows of one listing, made one at a time as its pages land (login closed until
 * `withLogins`): strings that repeat are interned, and a server's instances share one tags array
 * (nothing changes a row's tags; a patch replaces the row). Each row's stored text (`packRow`) is
 * made with it, so that `json` of the whole listing only joins them.
 */
export function indexRowMaker(): { make: (r: AicInstanceRow) => IndexRow; json: (rows: IndexRow[]) => string } {
  const intern = interner();
  const byServer = new Map<NonNullable<AicInstanceRow["Tags"]>, string[]>();
  const closed = { open: false, keys: [] };
  const texts = new WeakMap<IndexRow, string>();
  return {
    make: (r) => {
      let tags = r.Tags && byServer.get(r.Tags);
      if (!tags) {
        tags = tagsOf(r.Tags, intern);
        if (r.Tags) byServer.set(r.Tags, tags);
      }
      const row = toIndexRow(r, closed, intern, tags);
      texts.set(row, JSON.stringify(packRow(row)));
      return row;
    },
    // The same text as JSON.stringify(pack(rows)); a row made elsewhere (or since replaced) is packed here.
    json: (rows) => `[${rows.map((r) => texts.get(r) ?? JSON.stringify(packRow(r))).join(",")}]`,
  };
}

/** Gives each row of a new listing the login its key deliveries show. */
export function withLogins(rows: IndexRow[], deliveries: AicPublicKeyDelivery[]): IndexRow[] {
  const byInstance = new Map<string, AicPublicKeyDelivery[]>();
  for (const d of deliveries) {
    if (!d.InstanceId) continue;
    const list = byInstance.get(d.InstanceId);
    if (list) list.push(d);
    else byInstance.set(d.InstanceId, [d]);
  }
  if (byInstance.size === 0) return rows;
  return rows.map((r) => {
    const mine = byInstance.get(r.id);
    return mine ? { ...r, login: loginFrom(mine) } : r;
  });
}

/** The listing of every AIC instance and every key delivery, as index rows. */
export function toIndexRows(instances: AicInstanceRow[], deliveries: AicPublicKeyDelivery[]): IndexRow[] {
  return withLogins(instances.map(indexRowMaker().make), deliveries);
}

/** Rows as stored in a snapshot: arrays, not objects, a third of the size before compression. */
type Packed = [string, string, string, string, string, string, string, string, string, string, string[], string[]];

export function pack(rows: IndexRow[]): Packed[] {
  return rows.map(packRow);
}

export function packRow(r: IndexRow): Packed {
  return [r.id, r.name, r.serverId, r.serverName, r.node, r.spec, r.imageId, r.ip, r.state, r.status, r.tags, r.login.keys];
}

export function unpack(packed: Packed[]): IndexRow[] {
  const intern = interner();
  const closed = { open: false, keys: [] };
  return packed.map(([id, name, serverId, serverName, node, spec, imageId, ip, state, status, tags, keys]) => ({
    id,
    name,
    serverId: intern(serverId),
    serverName: intern(serverName),
    node: intern(node),
    spec: intern(spec),
    imageId: intern(imageId),
    ip,
    state: intern(state),
    status: intern(status),
    tags: tags.map(intern),
    login: keys.length ? { open: true, keys } : closed,
  }));
}
