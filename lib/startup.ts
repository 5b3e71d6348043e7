import fs from "node:fs";
import path from "node:path";
import { reconcileInFlight } from "./audit/append";
import { createUser, countUsers } from "./auth/users";
import { closeDb, getDbHandle } from "./db/client";

/** Longest an ENS call can take with all its retries; older in-flight operations are dead. */
export function operationTimeoutMs(env = process.env): number {
  return Number(env.CONSOLE_OPERATION_TIMEOUT_MS ?? 120_000);
}

/**
 * Runs once in the server process before it serves: migrate, create the scripted first admin,
 * close operations a crash left open, and arrange a clean PGlite shutdown.
 */
export async function startConsole(env = process.env): Promise<void> {
  const handle = await getDbHandle();
  if (handle.kind === "pglite") holdDataLock();

  const email = env.CONSOLE_BOOTSTRAP_ADMIN_EMAIL;
  const password = env.CONSOLE_BOOTSTRAP_ADMIN_PASSWORD;
  if (email && password && (await countUsers(handle.db)) === 0) {
    await createUser(handle.db, { email, role: "admin", password });
    console.log(`[console] created the first admin ${email}`);
  }

  const closed = await reconcileInFlight(handle.db, operationTimeoutMs(env));
  if (closed) console.log(`[console] marked ${closed} interrupted operation(s) as unknown`);

  const shutdown = async (signal: string) => {
    console.log(`[console] ${signal}: closing the database`);
    await closeDb().catch((e) => console.error(e));
    releaseDataLock();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

const lockFile = () => path.resolve(process.env.CONSOLE_DATA_DIR ?? ".data", "pglite.pid");

/** PGlite has no lock between processes; this file lets the CLIs refuse to open a busy folder. */
function holdDataLock() {
  if (process.env.CONSOLE_DATA_DIR === "memory://") return;
  fs.writeFileSync(lockFile(), String(process.pid));
}

function releaseDataLock() {
  try {
    if (fs.readFileSync(lockFile(), "utf8") === String(process.pid)) fs.unlinkSync(lockFile());
  } catch {}
}
