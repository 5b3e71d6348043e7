import { sql } from "drizzle-orm";
import { queryRows, type Db } from "./handle";

/**
 * Claims this period of the periodic pass `name` for the calling process: true for exactly one
 * caller per period across every replica on the database (one conditional UPSERT).
 */
export async function claimPeriod(db: Db, name: string, periodMs: number): Promise<boolean> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`INSERT INTO console_schedules AS s (name, next_at) VALUES (${name}, clock_timestamp() + make_interval(secs => ${periodMs / 1000}))
      ON CONFLICT (name) DO UPDATE SET next_at = clock_timestamp() + make_interval(secs => ${periodMs / 1000})
        WHERE s.next_at <= clock_timestamp()
      RETURNING name`,
  );
  return rows.length === 1;
}
