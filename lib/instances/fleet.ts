import "server-only";
import { ens, type AicInstanceRow, type AicPublicKeyDelivery } from "../ens";
import { invalidateLoginReads } from "../abuse/read-caches";
import { config } from "../config";
import { getDb } from "../db/client";
import { announce, onRemoteChange } from "../live/bus";
import { loginOverlays, withOverlay } from "./login-overlay";
import { processSingleton } from "../singleton";
import { SingleFlightCache } from "./single-flight-cache";
import type { FleetSnapshot, InstanceView, LoginState } from "./types";

const ttl = () => config().CONSOLE_FLEET_CACHE_MS;

export function toView(r: AicInstanceRow, login: LoginState): InstanceView {
  return {
    id: r.InstanceId,
    name: r.Name ?? "",
    serverId: r.ServerId,
    serverName: r.ServerName ?? "",
    node: r.EnsRegionId ?? "",
    spec: r.Spec ?? "",
    imageId: r.ImageId ?? "",
    ip: r.IpAddress ?? "",
    state: r.State ?? "",
    status: r.Status ?? "",
    tags: (r.Tags ?? []).filter((t) => t.Key).map((t) => `${t.Key}=${t.Value ?? ""}`),
    login,
  };
}

export function loginFrom(deliveries: AicPublicKeyDelivery[]): LoginState {
  const keys = [...new Set(deliveries.map((d) => d.KeyName).filter((k): k is string => !!k))].sort();
  return { open: keys.length > 0, keys };
}

const caches = processSingleton("fleet-caches", () => ({
  instances: new SingleFlightCache<AicInstanceRow[]>(ttl, () => ens().listAllAicInstances()),
  deliveries: new SingleFlightCache<AicPublicKeyDelivery[]>(ttl, () => ens().listAllPublicKeyDeliveries()),
}));

/** Every AIC instance with its login state, read from ENS at most once per cache period. */
export async function getFleet(opts: { fresh?: boolean } = {}): Promise<FleetSnapshot> {
  const [inst, del] = await Promise.all([caches.instances.get(opts), caches.deliveries.get(opts)]);
  const byInstance = new Map<string, AicPublicKeyDelivery[]>();
  for (const d of del.data) {
    if (!d.InstanceId) continue;
    const list = byInstance.get(d.InstanceId);
    if (list) list.push(d);
    else byInstance.set(d.InstanceId, [d]);
  }
  // The leases and findings are small tables, read whole on every request: never stale.
  const overlays = await loginOverlays(await getDb());
  const rows = inst.data.map((r) => toView(r, withOverlay(loginFrom(byInstance.get(r.InstanceId) ?? []), overlays.get(r.InstanceId))));
  return { rows, asOf: new Date(Math.min(inst.at, del.at)).toISOString() };
}

export async function findInstance(id: string): Promise<AicInstanceRow | undefined> {
  const { data } = await caches.instances.get();
  return data.find((r) => r.InstanceId === id);
}

/** Login state of one instance, read from ENS now (never from the cache). */
export async function readLogin(instanceId: string): Promise<{ login: LoginState; deliveries: AicPublicKeyDelivery[] }> {
  const [deliveries, overlays] = await Promise.all([
    ens().listAllPublicKeyDeliveries({ InstanceId: instanceId }),
    getDb().then((db) => loginOverlays(db, [instanceId])),
  ]);
  return { login: withOverlay(loginFrom(deliveries), overlays.get(instanceId)), deliveries };
}

/** A login changed (here): the next reads ask ENS again, and every open console is told. */
export function invalidateLogins(): void {
  caches.deliveries.invalidate();
  invalidateLoginReads();
  announce("logins");
}

/** After a reboot or reset: the instance's state changes, so the next list reads ENS again. */
export function invalidateInstances(): void {
  caches.instances.invalidate();
  announce("instances");
}

// A change made by another console process: this one's caches drop what changed.
onRemoteChange((c) => {
  if (c.kinds.includes("logins")) {
    caches.deliveries.invalidate();
    invalidateLoginReads();
  }
  if (c.kinds.includes("instances")) caches.instances.invalidate();
});
