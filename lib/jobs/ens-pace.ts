import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import type { EnsAction } from "../ens";

/**
 * Paces the engine's ENS calls to `ratePerSecond` per (AccessKey, action), across every job and
 * replica on one database: a token bucket whose tokens may go negative, so each caller reserves
 * its slot in one statement and waits for it. ENS throttles per AccessKey and API; calls that are
 * throttled all the same back off in lib/ens.
 */
export function ensPace(db: Db, opts: { accessKeyId: string; ratePerSecond: number }) {
  const rate = opts.ratePerSecond;
  // A fifth of a second's worth may go at once: bursts smaller than ENS's own bucket.
  const burst = Math.max(1, rate / 5);
  return async (action: EnsAction): Promise<void> => {
    const key = `${opts.accessKeyId}:${action}`;
    const [row] = await queryRows<{ tokens: number }>(
      db,
      sql`INSERT INTO ens_rate_buckets AS b (key, tokens, at) VALUES (${key}, ${burst - 1}, clock_timestamp())
        ON CONFLICT (key) DO UPDATE SET
          tokens = LEAST(${burst}::float8, b.tokens + EXTRACT(EPOCH FROM clock_timestamp() - b.at)::float8 * ${rate}::float8) - 1,
          at = clock_timestamp()
        RETURNING tokens`,
    );
    const tokens = Number(row.tokens);
    if (tokens < 0) await new Promise((r) => setTimeout(r, (-tokens / rate) * 1000));
  };
}
