import fs from "node:fs";
import path from "node:path";
import { openDb, type DbHandle } from "../lib/db/client";
import { migrateAsOwner } from "../lib/db/migrate-as-owner";

/** Opens the console's database from a CLI, refusing a PGlite folder that a running server holds. */
export async function openCliDb(): Promise<DbHandle> {
  if (!process.env.DATABASE_URL && process.env.CONSOLE_DATA_DIR !== "memory://") {
    const pidFile = path.resolve(process.env.CONSOLE_DATA_DIR ?? ".data", "pglite.pid");
    const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, "utf8")) : 0;
    if (pid && pid !== process.pid && isAlive(pid)) {
      console.error(`The console (pid ${pid}) has the embedded database open. PGlite allows one process at a time: stop the console first, or use DATABASE_URL.`);
      process.exit(2);
    }
  }
  const h = await openDb();
  await migrateAsOwner(h);
  return h;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
