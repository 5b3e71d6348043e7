import "server-only";
import { ens, type AicInstanceRow, type AicPublicKeyDelivery } from "../ens";
import { invalidateLoginReads, readCaches } from "../abuse/read-caches";
import { getDb } from "../db/client";
import { fleetIndex, loginReadBack, peekFleetIndex, refreshFleet, refreshPeriodMs } from "./fleet-index/live-index";
import { matchingPositions, queryFleet, toInstanceView, type FleetPage, type Window } from "./fleet-index/query";
import { loginFrom } from "./fleet-index/rows";
import { announce } from "../live/bus";
import { keyOwners } from "../personal-keys/read";
import { loginAccess, loginOverlays, openKeys, withOverlay } from "./login-overlay";
import type { InstanceView, LoginState } from "./view";
import type { ViewParams } from "./list-params";

export { loginFrom };
export type { FleetPage };

/** How young a listing Refresh accepts instead of listing ENS again (many tabs may press it). */
const FRESH_ENOUGH_MS = 5000;

/**
 * One window of the instances view, filtered, searched, sorted and counted over this process's
 * fleet index; the console's leases and drift findings read now (never stale).
 */
export async function getFleetPage(view: ViewParams, win: Window, opts: { fresh?: boolean } = {}): Promise<FleetPage> {
  let index = await fleetIndex();
  if (opts.fresh && Date.now() - index.listedAt > FRESH_ENOUGH_MS) {
    await refreshFleet();
    index = await fleetIndex();
  }
  const db = await getDb();
  const overlays = await loginOverlays(db);
  const page = queryFleet(index, view, win, overlays, Date.now());
  // Who can log in, for the window's open logins only: one read of their keys' owners.
  const owners = await keyOwners(db, openKeys(page.rows.map((r) => r.login)));
  for (const r of page.rows) if (r.login.open) r.login.access = loginAccess(r.login, overlays.get(r.id), owners);
  return page;
}

/** Every instance matching the view, in its order (export, "select all matching", the overview). */
export async function matchingInstances(view: ViewParams, now = Date.now()): Promise<InstanceView[]> {
  const index = await fleetIndex();
  const overlays = await loginOverlays(await getDb());
  return matchingPositions(index, view, overlays, now).map((i) => toInstanceView(index.rows[i], overlays));
}

/**
 * Every instance matching the view, each open login saying who can log in (the export): one read
 * of the personal keys among the open logins' keys.
 */
export async function matchingInstancesWithAccess(view: ViewParams, now = Date.now()): Promise<InstanceView[]> {
  const db = await getDb();
  const [index, overlays] = await Promise.all([fleetIndex(), loginOverlays(db)]);
  const rows = matchingPositions(index, view, overlays, now).map((i) => toInstanceView(index.rows[i], overlays));
  const owners = await keyOwners(db, openKeys(rows.map((r) => r.login)));
  for (const r of rows) if (r.login.open) r.login.access = loginAccess(r.login, overlays.get(r.id), owners);
  return rows;
}

/** The ids of every instance matching the view, in its order ("select all matching": no view built per row). */
export async function matchingInstanceIds(view: ViewParams, now = Date.now()): Promise<string[]> {
  const index = await fleetIndex();
  const overlays = await loginOverlays(await getDb());
  return matchingPositions(index, view, overlays, now).map((i) => index.rows[i].id);
}

/** The fleet's age: when the listing under the index was read, and the refresh period. */
export async function fleetAge(): Promise<{ asOf: string; periodMs: number }> {
  const index = await fleetIndex();
  return { asOf: new Date(index.listedAt).toISOString(), periodMs: refreshPeriodMs() };
}

/** The server an instance runs on, from the index (no ENS call). */
export async function serverOf(instanceId: string): Promise<string | undefined> {
  return (await fleetIndex()).get(instanceId)?.serverId;
}

/**
 * One instance as ENS describes it now, for its page: its server's instances, read through the
 * short shared read cache (CONSOLE_READ_CACHE_MS), not the listing.
 */
export async function findInstance(id: string): Promise<AicInstanceRow | undefined> {
  const serverId = await serverOf(id);
  if (!serverId) return undefined;
  const rows = await readCaches().servers.get(serverId, () => ens().listAllAicInstances({ ServerIds: [serverId] }));
  return rows.find((r) => r.InstanceId === id);
}

/**
 * Login state of one instance, read from ENS now (never from the index). Should it differ from
 * the index (a change made outside the console, a read-back that failed), the index takes it.
 */
export async function readLogin(instanceId: string): Promise<{ login: LoginState; deliveries: AicPublicKeyDelivery[] }> {
  const db = await getDb();
  const [deliveries, overlays] = await Promise.all([
    ens().listAllPublicKeyDeliveries({ InstanceId: instanceId }),
    loginOverlays(db, [instanceId]),
  ]);
  const read = loginFrom(deliveries);
  const indexed = peekFleetIndex().get(instanceId)?.login;
  const [owners] = await Promise.all([
    keyOwners(db, openKeys([read])),
    indexed && (indexed.open !== read.open || indexed.keys.join() !== read.keys.join()) ? loginReadBack(db, instanceId, deliveries) : null,
  ]);
  const overlay = overlays.get(instanceId);
  const login = withOverlay(read, overlay);
  // Who can log in, said as the fleet's rows say it (the lease names a key group it was opened with).
  return { login: { ...login, access: loginAccess(login, overlay, owners) }, deliveries };
}

/** A lease or drift finding changed (extend, adopt, drift): every open console reads its view again. */
export function invalidateLogins(): void {
  invalidateLoginReads();
  announce("logins");
}
