import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { processSingleton } from "../singleton";

// Password checks on worker threads at the lowest CPU priority (nice 19), so a burst of sign-ins
// never competes with the event loop for a core. libuv's pool (where `crypto.scrypt` runs) has the
// event loop's priority: on 2 cores, a hash on one core and anything else runnable on the machine
// (the clients, the database, a build) took the other core from the event loop for whole time
// slices, and every request of the console waited (`sign_in_stall`). A niced thread yields its core
// as soon as the event loop wants it. Legacy bcrypt hashes (bcryptjs, pure JS) are checked here
// too: on the main thread bcryptjs ran in slices of up to 100 ms.

/** What a worker computes: an scrypt key, or a bcrypt comparison. The password is NFC-normalized by the caller. */
export type HashJob =
  | { kind: "scrypt"; password: string; salt: Uint8Array; keyLen: number; n: number; r: number; p: number; maxmem: number }
  | { kind: "bcrypt"; password: string; hash: string };

type Reply = { key?: Uint8Array; ok?: boolean; error?: string };

// Plain CommonJS run with `eval`: no file to locate in a bundled build. `require` resolves from the
// working directory (bcryptjs is a server external package, so the standalone build carries it).
// The nice value is per thread on Linux: /proc/thread-self names this thread's id. Elsewhere
// (no /proc) the worker keeps the process's priority.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { scryptSync } = require("node:crypto");
try {
  const tid = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop());
  if (tid > 0) require("node:os").setPriority(tid, 19);
} catch {}
parentPort.on("message", (job) => {
  let reply;
  try {
    if (job.kind === "scrypt") {
      const key = scryptSync(job.password, Buffer.from(job.salt), job.keyLen, { N: job.n, r: job.r, p: job.p, maxmem: job.maxmem });
      reply = { key: new Uint8Array(key.buffer, key.byteOffset, key.length) };
    } else if (job.kind === "bcrypt") {
      reply = { ok: require("bcryptjs").compareSync(job.password, job.hash) };
    } else {
      reply = { error: "unknown job" };
    }
  } catch (e) {
    reply = { error: String((e && e.message) || e) };
  }
  parentPort.postMessage(reply);
});
`;

interface Pool {
  /** At most this many checks at once (one per worker). */
  size: number;
  free: number;
  idle: Worker[];
  waiting: Array<() => void>;
  /** Workers started so far and still alive (tests read it). */
  alive: number;
}

// At most (cores - 1) workers, at least one: a hash is ~100 ms of a core, and the event loop keeps a
// core of its own (and the garbage collector's threads some room). First come, first served, the
// same for every check (unknown users included). Per process, whichever bundle hashes.
const pool = () =>
  processSingleton<Pool>("password-hash-pool", () => {
    const size = Math.max(1, availableParallelism() - 1);
    return { size, free: size, idle: [], waiting: [], alive: 0 };
  });

function startWorker(p: Pool): Worker {
  const w = new Worker(WORKER_SOURCE, { eval: true, name: "password-hash" });
  p.alive++;
  w.once("exit", () => {
    p.alive--;
    const i = p.idle.indexOf(w);
    if (i >= 0) p.idle.splice(i, 1);
  });
  // An idle worker does not keep the process alive (CLI scripts end when their work does).
  w.unref();
  return w;
}

function runOn(w: Worker, job: HashJob): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const done = () => {
      w.off("message", onMessage);
      w.off("error", onError);
      w.off("exit", onExit);
      w.unref();
    };
    const onMessage = (m: Reply) => {
      done();
      resolve(m);
    };
    const onError = (e: Error) => {
      done();
      reject(e);
    };
    const onExit = (code: number) => {
      done();
      reject(new Error(`password worker exited (${code})`));
    };
    w.on("message", onMessage).on("error", onError).on("exit", onExit);
    // Kept alive while a check runs: the caller is waiting for it.
    w.ref();
    w.postMessage(job);
  });
}

async function inPool(job: HashJob): Promise<Reply> {
  const p = pool();
  if (p.free > 0) p.free--;
  else await new Promise<void>((resolve) => p.waiting.push(resolve));
  let w: Worker | undefined;
  try {
    w = p.idle.pop() ?? startWorker(p);
    const reply = await runOn(w, job);
    p.idle.push(w);
    w = undefined;
    if (reply.error !== undefined) throw new Error(`password check failed: ${reply.error}`);
    return reply;
  } finally {
    // A worker that failed is not reused.
    if (w) void w.terminate().catch(() => {});
    // The slot goes straight to the next waiter, if any.
    const next = p.waiting.shift();
    if (next) next();
    else p.free++;
  }
}

/** scrypt on a password worker (same result as `crypto.scrypt`). */
export async function scryptInPool(
  password: string,
  salt: Buffer,
  keyLen: number,
  o: { n: number; r: number; p: number; maxmem: number },
): Promise<Buffer> {
  const reply = await inPool({ kind: "scrypt", password, salt: new Uint8Array(salt), keyLen, ...o });
  const key = reply.key!;
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength);
}

/** bcryptjs's compare on a password worker. */
export async function bcryptCompareInPool(password: string, hash: string): Promise<boolean> {
  return (await inPool({ kind: "bcrypt", password, hash })).ok === true;
}

/** How the pool stands (tests). */
export function hashPoolState(): { size: number; free: number; waiting: number; idle: number; alive: number } {
  const p = pool();
  return { size: p.size, free: p.free, waiting: p.waiting.length, idle: p.idle.length, alive: p.alive };
}
