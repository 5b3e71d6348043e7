import { config } from "../config";
import type { AicImage, AicInstanceRow, AicPublicKeyDelivery } from "../ens";
import type { LoginState } from "../instances/types";
import type { KeyView } from "../keys/list-keys";
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

interface ReadCaches {
  instanceLogin: KeyedReadCache<{ login: LoginState; deliveries: AicPublicKeyDelivery[] }>;
  keys: KeyedReadCache<KeyView[]>;
  images: KeyedReadCache<AicImage[]>;
  /** One server's AIC instances as DescribeARMServerInstances shows them now (the instance page). */
  servers: KeyedReadCache<AicInstanceRow[]>;
  budget: ReadBudget;
}

// One set per process, like the fleet cache, whichever bundle loads this module.
export function readCaches(): ReadCaches {
  return processSingleton("read-caches", () => ({
    instanceLogin: new KeyedReadCache(ttl),
    keys: new KeyedReadCache(ttl),
    images: new KeyedReadCache(ttl),
    servers: new KeyedReadCache(ttl),
    budget: new ReadBudget(LOADS_PER_USER_PER_MINUTE, 60_000),
  }));
}

/** This console changed a login: instance reads and key delivery counts are stale. */
export function invalidateLoginReads(): void {
  const c = readCaches();
  c.servers.invalidate();
  c.instanceLogin.invalidate();
  c.keys.invalidate();
}

/** This console uploaded or deleted a key. */
export function invalidateKeyReads(): void {
  readCaches().keys.invalidate();
}
