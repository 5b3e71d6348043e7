// Point 5 of issue 12: one process per PGlite folder, enforced by an OS lock taken before PGlite
// opens (lib/db/data-lock.ts). A second opener (another console, a CLI, a test) is refused and
// told who holds the folder; the holder's lock and data survive the refusal; a holder killed
// with -9 does not block the next start.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { asc } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { verifyChain } from "@/lib/audit/verify";
import { openDb } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema";
import { built, DIST_DIR, ROOT, startConsoleProcess, type ConsoleProcess } from "./console-process";

const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const LOCK_PORT = Number(process.env.RELIABILITY_LOCK_PORT ?? 3342);
const PORTS = [LOCK_PORT, LOCK_PORT + 1];
const dirs: string[] = [];
const children: ChildProcess[] = [];
const consoles: ConsoleProcess[] = [];

afterEach(async () => {
  for (const c of consoles.splice(0)) await c.kill9();
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dataFolder(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "aic-lock-"));
  dirs.push(d);
  return d;
}

/** Starts test/reliability/hold-data-folder.ts on `dir` and waits until it holds the folder. */
async function holder(dir: string): Promise<{ child: ChildProcess; pid: number; exited: Promise<number | null> }> {
  // One process (node with tsx's loader, not the tsx CLI and its child), so kill -9 reaches the holder.
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "test/reliability/hold-data-folder.ts"), dir], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let out = "";
  child.stderr!.on("data", (d) => (out += d));
  const pid = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /READY (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", () => reject(new Error(`holder exited:\n${out}`)));
  });
  return { child, pid, exited };
}

function cli(script: string, dir: string, args: string[] = []): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(TSX, [script, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: "", CONSOLE_DATA_DIR: dir } }, (e, stdout, stderr) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr }),
    );
  });
}

async function events(dir: string) {
  const h = await openDb({ CONSOLE_DATA_DIR: dir });
  try {
    const rows = await h.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
    return { targets: rows.map((r) => r.targetId), chain: await verifyChain(h.db) };
  } finally {
    await h.close();
  }
}

describe("one process per PGlite data folder", () => {
  it("refuses a second opener, naming the holder's pid, until the holder is killed with -9", async () => {
    const dir = dataFolder();
    const held = await holder(dir);

    const refused = await openDb({ CONSOLE_DATA_DIR: dir }).then(
      () => null,
      (e: Error) => e,
    );
    expect(held.pid).toBe(held.child.pid);
    expect(refused?.message).toContain(`process ${held.pid} `);
    expect(refused?.message).toContain("hold-data-folder.ts");
    expect(refused?.message).toContain("one process per data folder");

    held.child.kill("SIGKILL");
    await held.exited;
    const { targets, chain } = await events(dir);
    expect(targets).toEqual(["before"]);
    expect(chain).toMatchObject({ intact: true, count: 1 });
  });

  it("refuses a second opener inside the same process too, and frees the folder on close", async () => {
    const dir = dataFolder();
    const first = await openDb({ CONSOLE_DATA_DIR: dir });
    await expect(openDb({ CONSOLE_DATA_DIR: dir })).rejects.toThrow(`process ${process.pid} `);
    await first.close();
    const again = await openDb({ CONSOLE_DATA_DIR: dir });
    await again.close();
  });

  it("the users and audit:verify CLIs refuse while the folder is held, and leave the holder's lock and data alone", async () => {
    const dir = dataFolder();
    const held = await holder(dir);

    const users = await cli("scripts/users.ts", dir, ["list"]);
    expect(users.code).toBe(2);
    expect(users.err).toContain(`process ${held.pid} `);
    expect(users.err).toContain("stop that process first, or use DATABASE_URL");
    const verify = await cli("scripts/audit-verify.ts", dir);
    expect(verify.code).toBe(2);
    expect(verify.err).toContain(`process ${held.pid} `);

    // The refused CLIs took nothing away from the holder: it still holds the folder, and still writes.
    await expect(openDb({ CONSOLE_DATA_DIR: dir })).rejects.toThrow(`process ${held.pid} `);
    held.child.kill("SIGTERM");
    expect(await held.exited).toBe(0);
    const { targets, chain } = await events(dir);
    expect(targets).toEqual(["before", "after"]);
    expect(chain).toMatchObject({ intact: true, count: 2 });

    const free = await cli("scripts/users.ts", dir, ["list"]);
    expect(free).toMatchObject({ code: 0, err: "" });
  });

  it("memory:// needs no lock: two in-memory databases open side by side", async () => {
    const a = await openDb({ CONSOLE_DATA_DIR: "memory://" });
    const b = await openDb({ CONSOLE_DATA_DIR: "memory://" });
    await Promise.all([a.close(), b.close()]);
  });
});

describe.skipIf(!built())(`two consoles on one PGlite folder (${DIST_DIR})`, () => {
  // No ENS call happens here: the consoles only have to start (or refuse to).
  const start = (port: number, dir: string) => startConsoleProcess(port, "", "127.0.0.1:9", { CONSOLE_DATA_DIR: dir });

  it("the second console exits naming the first; the first keeps serving; after a kill -9 a new one starts", async () => {
    const dir = dataFolder();
    const first = await start(PORTS[0], dir);
    consoles.push(first);

    const second = await start(PORTS[1], dir).then(
      (c) => (consoles.push(c), null),
      (e: Error) => e.message,
    );
    expect(second).toContain(`already open in process ${first.child.pid} `);
    expect(second).toContain(`-p ${PORTS[0]}`);
    const users = await cli("scripts/users.ts", dir, ["list"]);
    expect(users.code).toBe(2);
    expect(users.err).toContain(`process ${first.child.pid} `);
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);

    await first.kill9();
    const next = await start(PORTS[1], dir);
    consoles.push(next);
    expect((await fetch(`${next.url}/api/health`)).status).toBe(200);
  });
});
