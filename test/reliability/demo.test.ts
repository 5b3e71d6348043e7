// `npm run demo` as a newcomer runs it: a fresh data folder, the console on the emulator and PGlite
// from the standalone artifact. The printed demo logins sign in, and a scripted first admin
// (CONSOLE_BOOTSTRAP_ADMIN_EMAIL / _PASSWORD) exists beside them. Then SIGTERM stops it cleanly.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { login, ROOT } from "./console-process";

const PORT = Number(process.env.RELIABILITY_DEMO_PORT ?? 3349);
const EMU_PORT = Number(process.env.RELIABILITY_DEMO_EMULATOR_PORT ?? 18849);
const BOOTSTRAP = { email: "first-admin@demo.test", password: "bootstrap-password-7" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("npm run demo", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aic-demo-"));
  const child = spawn("bash", ["scripts/demo.sh"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(PORT),
      ENS_EMULATOR_PORT: String(EMU_PORT),
      CONSOLE_DATA_DIR: dataDir,
      CONSOLE_BOOTSTRAP_ADMIN_EMAIL: BOOTSTRAP.email,
      CONSOLE_BOOTSTRAP_ADMIN_PASSWORD: BOOTSTRAP.password,
    },
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  afterAll(async () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {}
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints one login per role, each signs in, and the bootstrap admin exists beside them; SIGTERM stops it", async () => {
    const url = `http://127.0.0.1:${PORT}`;
    for (const until = Date.now() + 170_000; ; await sleep(500)) {
      const up = await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (child.exitCode !== null || Date.now() > until) throw new Error(`the demo did not start:\n${out.slice(-4000)}`);
    }
    const printed = [...out.matchAll(/^\s+(\w+)@demo\.local\s+\/\s+(\S+)$/gm)].map((m) => ({ role: m[1], password: m[2] }));
    expect(printed.map((p) => p.role).sort()).toEqual(["admin", "auditor", "operator", "requester", "viewer"]);
    expect(out).toContain(`${BOOTSTRAP.email}  /  (CONSOLE_BOOTSTRAP_ADMIN_PASSWORD)`);
    expect(out).not.toContain(BOOTSTRAP.password);

    for (const p of printed) await login(url, `${p.role}@demo.local`, p.password);
    const cookie = await login(url, BOOTSTRAP.email, BOOTSTRAP.password);
    const users = await fetch(`${url}/users`, { headers: { cookie } });
    expect(users.status, "the bootstrap admin opens the admin-only Users page").toBe(200);
    expect(await users.text()).toContain(BOOTSTRAP.email);

    process.kill(-child.pid!, "SIGTERM");
    await Promise.race([exited, sleep(30_000)]);
    expect(child.exitCode !== null || child.signalCode !== null, "the demo stopped on SIGTERM").toBe(true);
    expect(out).toContain('"msg":"stopped"');
  }, 200_000);
});
