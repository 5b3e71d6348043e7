import { config, type Env } from "../config";
import type { Db } from "../db/client";
import { takeCheckpoint } from "./checkpoint";
import { loadSigningKey } from "./checkpoint-key";
import { logger } from "../log/logger";

const log = logger("audit");

/**
 * Signs a checkpoint of the audit chain now and every AUDIT_CHECKPOINT_INTERVAL_MS. Each replica
 * runs this; a checkpoint younger than 90% of the interval makes the others skip, so replicas write
 * about one per interval between them. Without a key it only warns: the chain is then unanchored.
 * A key that is configured but unreadable stops the start-up.
 */
export function startCheckpoints(db: Db, env?: Env): void {
  let key;
  try {
    key = loadSigningKey(env);
  } catch (e) {
    throw new Error(`[audit] AUDIT_SIGNING_KEY_FILE cannot be used: ${e instanceof Error ? e.message : e}`);
  }
  if (!key) {
    log.warn(
      "AUDIT_SIGNING_KEY_FILE is not set: no signed checkpoints are written, so nothing outside the database anchors the audit chain (see docs/audit.md).",
    );
    return;
  }
  const interval = config(env).AUDIT_CHECKPOINT_INTERVAL_MS;
  const signingKey = key;
  const tick = () =>
    takeCheckpoint(db, signingKey, { minIntervalMs: interval * 0.9 })
      .then((c) => c && log.info({ checkpoint: c.id, count: c.count, headId: c.headId }, "audit checkpoint written"))
      .catch((e) => log.error({ err: e }, "audit checkpoint failed"));
  log.info(
    { intervalSeconds: Math.round(interval / 1000), keyId: signingKey.keyId.slice(0, 16) },
    `signing a checkpoint of the audit chain every ${Math.round(interval / 1000)} s`,
  );
  void tick();
  setInterval(tick, interval).unref();
}
