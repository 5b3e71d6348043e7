import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { queryRows, type DbHandle } from "./handle";
import { installJobQueue } from "./job-queue";

export const MIGRATIONS_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), "lib/db/migrations");
// Any fixed 64-bit number; serializes migrations across console replicas on one PostgreSQL.
const MIGRATION_LOCK = 7_310_001;

export async function migrate(handle: DbHandle, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  await handle.exec("CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
  const applied: string[] = [];
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    const done = await queryRows<{ name: string }>(tx, sql`SELECT name FROM schema_migrations`);
    const seen = new Set(done.map((r) => r.name));
    for (const file of files) {
      if (seen.has(file)) continue;
      const text = fs.readFileSync(path.join(/*turbopackIgnore: true*/ dir, file), "utf8");
      for (const stmt of splitStatements(text)) await tx.execute(sql.raw(stmt));
      await tx.execute(sql`INSERT INTO schema_migrations (name) VALUES (${file})`);
      applied.push(file);
    }
  });
  await installJobQueue(handle);
  return applied;
}

/** Splits on `;` at line ends, keeping `$$ … $$` bodies whole. */
export function splitStatements(text: string): string[] {
  const out: string[] = [];
  let cur = "";
  let inDollar = false;
  for (const line of text.split("\n")) {
    if (/^\s*--/.test(line) && !inDollar) continue;
    const dollars = line.match(/\$\$/g)?.length ?? 0;
    if (dollars % 2 === 1) inDollar = !inDollar;
    cur += line + "\n";
    if (!inDollar && /;\s*$/.test(line)) {
      out.push(cur.trim());
      cur = "";
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
