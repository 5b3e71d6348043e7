import type { AicImage, AicPublicKeyDelivery } from "../ens";
import type { LoginState } from "../instances/types";
import type { KeyView } from "../keys/list-keys";
import { ReadBudget } from "./read-budget";
import { KeyedReadCache } from "./read-cache";

/**
 * How long reads that bypass the fleet cache (one instance's login, the key list, the image list)
 * are shared: CONSOLE_READ_CACHE_MS, default 3000. A change made by this console process clears
 * them at once; another replica's change shows after at most this long.
 */
const ttl = () => Number(process.env.CONSOLE_READ_CACHE_MS ?? 3000);

/** ENS loads one user may start per minute through the instance read (its key space is unbounded). */
const LOADS_PER_USER_PER_MINUTE = 60;

interface ReadCaches {
  instanceLogin: KeyedReadCache<{ login: LoginState; deliveries: AicPublicKeyDelivery[] }>;
  keys: KeyedReadCache<KeyView[]>;
  images: KeyedReadCache<AicImage[]>;
  budget: ReadBudget;
}

// On globalThis, like the fleet cache: one set per process, whichever bundle loads this module.
const g = globalThis as unknown as { __aicReads?: ReadCaches };

export function readCaches(): ReadCaches {
  return (g.__aicReads ??= {
    instanceLogin: new KeyedReadCache(ttl),
    keys: new KeyedReadCache(ttl),
    images: new KeyedReadCache(ttl),
    budget: new ReadBudget(LOADS_PER_USER_PER_MINUTE, 60_000),
  });
}

/** This console changed a login: instance reads and key delivery counts are stale. */
export function invalidateLoginReads(): void {
  const c = readCaches();
  c.instanceLogin.invalidate();
  c.keys.invalidate();
}

/** This console uploaded or deleted a key. */
export function invalidateKeyReads(): void {
  readCaches().keys.invalidate();
}
