import "server-only";
import { config } from "../../config";
import { getDb, type Db } from "../../db/client";
import { claimPeriod } from "../../db/schedule";
import { ens, type AicPublicKeyDelivery, type CallOptions, type EnsClient } from "../../ens";
import { invalidateLoginReads } from "../../abuse/read-caches";
import { announce, onRemoteChange, tellStreams } from "../../live/bus";
import { processSingleton } from "../../singleton";
import { FleetIndex } from "./fleet-index";
import { indexRowMaker, loginFrom, withLogins, type RowPatch } from "./rows";
import { dbNow, newestSnapshot, patchesSince, readSnapshot, writePatch, writeSnapshot } from "./store";
import { logger } from "../../log/logger";

const log = logger("fleet");

// The fleet index of this process. One process per deployment lists ENS per refresh period
// (refreshFleet, on the engine's passes, claimed through console_schedules) and stores the
// listing; every process loads the newest listing and the console's patches from the database
// when told (live bus) or when it asks (syncFleet). Viewers never list ENS: the listing calls
// per minute are the same with one tab or a hundred, one replica or five.

export const REFRESH_SCHEDULE = "fleet-refresh";
/** How long a process with no listing waits for the one another process is making. */
const WAIT_FOR_OTHER_MS = 30_000;

interface LiveIndex {
  index: FleetIndex;
  patchSeq: number;
  syncing: Promise<boolean> | null;
  resync: boolean;
  refreshing: Promise<void> | null;
  loading: Promise<void> | null;
}

const live = () =>
  processSingleton<LiveIndex>("fleet-index", () => ({
    index: new FleetIndex(),
    patchSeq: 0,
    syncing: null,
    resync: false,
    refreshing: null,
    loading: null,
  }));

export const refreshPeriodMs = () => config().CONSOLE_FLEET_REFRESH_MS;

/**
 * The newest listing and patches from the database; concurrent calls share one read (and one more
 * after it). Resolves to whether the index shows anything new.
 */
export function syncFleet(db?: Db): Promise<boolean> {
  const l = live();
  if (l.syncing) {
    l.resync = true;
    return l.syncing;
  }
  const run = async () => {
    const d = db ?? (await getDb());
    let changed = false;
    do {
      l.resync = false;
      const newest = await newestSnapshot(d);
      if (newest && newest.id > l.index.snapshotId && !l.index.tryTouch(newest)) {
        const snap = await readSnapshot(d, newest.id);
        if (snap) {
          l.index.replace(snap.rows, snap);
          changed = true;
        }
      }
      for (const p of await patchesSince(d, l.patchSeq)) {
        l.index.patch(p.instanceId, p.patch, p.at);
        l.patchSeq = Math.max(l.patchSeq, p.seq);
        changed = true;
      }
    } while (l.resync);
    return changed;
  };
  l.syncing = run().finally(() => (l.syncing = null));
  return l.syncing;
}

/** Lists ENS now and stores the listing for every process (the refresh pass; Refresh when stale). */
export function refreshFleet(opts: { db?: Db; client?: EnsClient; call?: CallOptions } = {}): Promise<void> {
  const l = live();
  l.refreshing ??= (async () => {
    const db = opts.db ?? (await getDb());
    const client = opts.client ?? ens();
    const listedFrom = await dbNow(db);
    // Each instance becomes its index row (and its stored text) as its page lands; the logins are
    // set once the deliveries, listed beside, are in.
    const maker = indexRowMaker();
    const [listed, deliveries] = await Promise.all([
      client.mapAllAicInstances(maker.make, (r) => r.id, {}, opts.call),
      client.listAllPublicKeyDeliveries({}, opts.call),
    ]);
    const rows = withLogins(listed, deliveries);
    const stored = await writeSnapshot(db, rows, listedFrom, maker.json(rows));
    const listing = { id: stored.id, listedFrom, listedAt: stored.listedAt, digest: stored.digest };
    // The same rows as the index holds: only the listing's id and times move on (no sort order or
    // facet is computed again), unless the listing supersedes a patch the index shows.
    if (stored.id > l.index.snapshotId && !l.index.tryTouch(listing)) l.index.replace(rows, listing);
    // The same as the deployment's last listing (made by any process), and no change of the
    // console's in between: nothing new to show anywhere.
    if (stored.digest === stored.previousDigest && !stored.superseded) return;
    invalidateLoginReads();
    announce("instances", "logins");
  })().finally(() => (l.refreshing = null));
  return l.refreshing;
}

/**
 * A process that did not list this period loads what another stored, and tells its own streams
 * when that shows something new: a notification it missed (a dropped LISTEN connection) costs one
 * period, not a stale view until the next change.
 */
export async function followFleet(db: Db): Promise<void> {
  const shown = live().index.ready;
  if ((await syncFleet(db)) && shown) tellStreams({ kinds: ["instances", "logins"] });
}

/**
 * The index, loaded. A process with no listing loads the stored one; when there is none, it lists
 * ENS itself if no other process claimed the listing, else waits for that one.
 */
export async function fleetIndex(): Promise<FleetIndex> {
  const l = live();
  if (l.index.ready) return l.index;
  l.loading ??= (async () => {
    const db = await getDb();
    await syncFleet(db);
    if (l.index.ready) return;
    // This process's own fleet pass may be listing already (start-up).
    if (l.refreshing) await l.refreshing.catch(() => {});
    if (l.index.ready) return;
    if (await claimPeriod(db, REFRESH_SCHEDULE, refreshPeriodMs() * 0.9)) return refreshFleet({ db });
    for (const until = Date.now() + WAIT_FOR_OTHER_MS; Date.now() < until && !l.index.ready;) {
      await new Promise((r) => setTimeout(r, 250));
      await syncFleet(db);
    }
    if (!l.index.ready) await refreshFleet({ db });
  })().finally(() => (l.loading = null));
  await l.loading;
  return l.index;
}

/** The index as it is, loaded or not (tests, metrics). */
export function peekFleetIndex(): FleetIndex {
  return live().index;
}

/** A change this console made to one instance: every process's index shows it at once. */
export async function patchInstance(db: Db, instanceId: string, patch: RowPatch): Promise<void> {
  const l = live();
  try {
    const stored = await writePatch(db, instanceId, patch);
    l.index.patch(instanceId, stored.patch, stored.at);
  } catch (e) {
    // Shown here still; the others see it at the next listing.
    log.error({ instanceId, err: e }, "change not recorded for the other processes");
    l.index.patch(instanceId, patch, Date.now());
  }
}

/** A login read back from ENS after a change: the index takes it, and every open console is told. */
export async function loginReadBack(db: Db, instanceId: string, deliveries: AicPublicKeyDelivery[]): Promise<void> {
  await patchInstance(db, instanceId, { login: loginFrom(deliveries) });
  invalidateLoginReads();
  announce("logins");
}

/** After reboots or resets: their instances' state read back from ENS (one call per server). */
export async function instancesReadBack(db: Db, client: EnsClient, instanceIds: string[], opts: CallOptions = {}): Promise<void> {
  const index = live().index;
  const servers = new Set(instanceIds.map((id) => index.get(id)?.serverId).filter((s): s is string => !!s));
  const wanted = new Set(instanceIds);
  try {
    for (const serverId of servers) {
      const rows = await client.listAllAicInstances({ ServerIds: [serverId] }, opts);
      for (const r of rows)
        if (wanted.has(r.InstanceId)) await patchInstance(db, r.InstanceId, { state: r.State ?? "", status: r.Status ?? "" });
    }
  } catch (e) {
    log.warn({ instances: instanceIds.length, err: e }, "instance state not read back; the next listing shows it");
  }
  announce("instances");
}

// Another process stored a listing or a patch: load it before this process's streams pass the change on.
onRemoteChange(async (c) => {
  if (!live().index.ready) return;
  if (c.kinds.includes("instances") || c.kinds.includes("logins")) await syncFleet();
});
