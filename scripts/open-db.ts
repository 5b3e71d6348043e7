import { openDb, type DbHandle } from "../lib/db/client";
import { DataFolderBusyError } from "../lib/db/data-lock";
import { migrateAsOwner } from "../lib/db/migrate-as-owner";

/** Opens the console's database from a CLI; a PGlite folder another process holds is refused (exit 2). */
export async function openCliDb(): Promise<DbHandle> {
  let h: DbHandle;
  try {
    h = await openDb();
  } catch (e) {
    if (!(e instanceof DataFolderBusyError)) throw e;
    console.error(e.message);
    process.exit(2);
  }
  await migrateAsOwner(h);
  return h;
}
