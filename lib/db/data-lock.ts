import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";

/** Who holds a PGlite data folder, as the holder wrote it into the lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  cmd: string;
  since: string;
}

export interface DataLock {
  file: string;
  release(): void;
}

export class DataFolderBusyError extends Error {
  constructor(
    readonly folder: string,
    readonly holder: LockHolder | null,
  ) {
    super(
      `The embedded database ${folder} is already open in ${describe(holder)}. PGlite allows one process per data folder: stop that process first, or use DATABASE_URL.`,
    );
    this.name = "DataFolderBusyError";
  }
}

function describe(h: LockHolder | null): string {
  if (!h) return "another process (it has not recorded itself yet)";
  return `process ${h.pid} on ${h.host} (${h.cmd}), since ${h.since}`;
}

/**
 * Takes an exclusive flock(2) on `<folder>.lock`, or throws DataFolderBusyError naming the holder.
 *
 * Why flock, and why through util-linux's `flock` command: Node has no flock, and a native addon
 * needs a compiler here. The lock belongs to the open file description, which this process opens
 * and `flock -n 3` only borrows as its fd 3; when the helper exits the lock stays with our fd, and
 * the kernel drops it when we close the fd or die in any way (kill -9 included). So there is no
 * stale lock and no file to delete: the file stays, and only the current holder writes in it. It
 * locks the file's inode, so it also holds between containers sharing a volume, where a socket
 * name (an abstract Unix socket lives in a network namespace) would not.
 */
export function lockDataFolder(folder: string): DataLock {
  fs.mkdirSync(folder, { recursive: true });
  const file = `${fs.realpathSync(folder)}.lock`;
  // libuv opens with O_CLOEXEC: child processes the console starts later do not inherit the lock.
  const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
  let locked = false;
  try {
    const r = spawnSync("flock", ["--exclusive", "--nonblock", "3"], { stdio: ["ignore", "ignore", "pipe", fd] });
    if (r.error) {
      const missing = (r.error as NodeJS.ErrnoException).code === "ENOENT";
      throw new Error(
        missing
          ? "The `flock` command (util-linux) is needed to lock the embedded database folder; install it, or use DATABASE_URL."
          : `Could not lock ${file}: ${r.error.message}`,
      );
    }
    if (r.status === 1) throw new DataFolderBusyError(folder, readHolder(file));
    if (r.status !== 0) throw new Error(`Could not lock ${file}: flock exited ${r.status}: ${String(r.stderr).trim()}`);
    locked = true;
    const me: LockHolder = {
      pid: process.pid,
      host: os.hostname(),
      cmd: process.argv.join(" ").slice(0, 300),
      since: new Date().toISOString(),
    };
    fs.ftruncateSync(fd, 0);
    fs.writeSync(fd, `${JSON.stringify(me)}\n`, 0);
  } finally {
    if (!locked) fs.closeSync(fd);
  }
  let open = true;
  return {
    file,
    release() {
      if (!open) return;
      open = false;
      fs.closeSync(fd);
    },
  };
}

/** What the holder recorded; null while it is between taking the lock and writing its name. */
export function readHolder(file: string): LockHolder | null {
  try {
    const h = JSON.parse(fs.readFileSync(file, "utf8")) as LockHolder;
    if (!Number.isInteger(h.pid)) return null;
    // A holder killed with -9 leaves its name behind; the new holder may not have written its own yet.
    if (h.host === os.hostname() && !alive(h.pid)) return null;
    return h;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
