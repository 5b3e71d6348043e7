import type { AicInstanceRow, AicPublicKeyDelivery } from "../../ens";
import type { InstanceView, LoginState } from "../types";

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

export function toIndexRow(r: AicInstanceRow, login: IndexRow["login"], intern: (s: string) => string = (s) => s): IndexRow {
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
    tags: (r.Tags ?? []).filter((t) => t.Key).map((t) => intern(`${t.Key}=${t.Value ?? ""}`)),
    login,
  };
}

/** The listing of every AIC instance and every key delivery, as index rows. */
export function toIndexRows(instances: AicInstanceRow[], deliveries: AicPublicKeyDelivery[]): IndexRow[] {
  const byInstance = new Map<string, AicPublicKeyDelivery[]>();
  for (const d of deliveries) {
    if (!d.InstanceId) continue;
    const list = byInstance.get(d.InstanceId);
    if (list) list.push(d);
    else byInstance.set(d.InstanceId, [d]);
  }
  const intern = interner();
  const closed = { open: false, keys: [] };
  return instances.map((r) => {
    const mine = byInstance.get(r.InstanceId);
    return toIndexRow(r, mine ? loginFrom(mine) : closed, intern);
  });
}

/** Rows as stored in a snapshot: arrays, not objects, a third of the size before compression. */
type Packed = [string, string, string, string, string, string, string, string, string, string, string[], string[]];

export function pack(rows: IndexRow[]): Packed[] {
  return rows.map((r) => [
    r.id,
    r.name,
    r.serverId,
    r.serverName,
    r.node,
    r.spec,
    r.imageId,
    r.ip,
    r.state,
    r.status,
    r.tags,
    r.login.keys,
  ]);
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
