import { config } from "../config";
import type { AicInstanceRow, AicPublicKeyDelivery } from "../ens";
import type { LoginState } from "../instances/view";
import { ReadBudget } from "./read-budget";
import { processSingleton } from "../singleton";
import { KeyedReadCache } from "./read-cache";

/**
 * How long reads that bypass the fleet cache (one instance's login, the key list, the image list)
 * are shared: CONSOLE_READ_CACHE_MS, default 3000. A change made by this console process clears
 * them at once; another replica's change shows after at most this long.
 */
const ttl = () => config().CONSOLE_READ_CACHE_MS;

/** ENS loads one user may start per minute through the instance read (its key space is unbounded). */
const LOADS_PER_USER_PER_MINUTE = 60;

/** A change this console makes that leaves other features' reads stale (a login change alters key delivery counts). */
export type ReadChange = "login";

interface Registered {
  cache: KeyedReadCache<unknown>;
  staleAfter: readonly ReadChange[];
}

// One registry per process, like the fleet cache, whichever bundle loads this module.
const registry = () => processSingleton("read-caches", () => new Map<string, Registered>());

/**
 * The process's shared read cache named `name`, created on first use: each feature owns its cache
 * (and its value type) and clears it after its own changes; `staleAfter` names the changes of
 * other features that clear it too. The registry knows no feature.
 */
export function sharedReadCache<T>(name: string, staleAfter: readonly ReadChange[] = []): KeyedReadCache<T> {
  const caches = registry();
  let entry = caches.get(name);
  if (!entry) {
    entry = { cache: new KeyedReadCache<unknown>(ttl), staleAfter };
    caches.set(name, entry);
  }
  return entry.cache as KeyedReadCache<T>;
}

/** This console made `change`: every cache registered as stale after it is cleared. */
export function invalidateReads(change: ReadChange): void {
  for (const { cache, staleAfter } of registry().values()) if (staleAfter.includes(change)) cache.invalidate();
}

/** The per-user budget of ENS loads started through reads that bypass the fleet cache. */
export function readBudget(): ReadBudget {
  return processSingleton("read-budget", () => new ReadBudget(LOADS_PER_USER_PER_MINUTE, 60_000));
}

/**
 * The instance page's caches (lib/instances): one instance's login, and one server's AIC instances
 * as DescribeARMServerInstances shows them now. They move to lib/instances with sharedReadCache.
 */
export function readCaches() {
  return {
    instanceLogin: sharedReadCache<{ login: LoginState; deliveries: AicPublicKeyDelivery[] }>("instance-login", ["login"]),
    servers: sharedReadCache<AicInstanceRow[]>("servers", ["login"]),
    budget: readBudget(),
  };
}

/** This console changed a login: instance reads and key delivery counts are stale. */
export function invalidateLoginReads(): void {
  invalidateReads("login");
}
