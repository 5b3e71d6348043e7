// Start-up refuses a bad configuration, naming each bad variable, before it opens the database or
// serves a request; `npm run check-config` prints the same list without starting anything.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

/** A child process with only `env` (plus PATH and HOME): what an operator's shell would pass. */
function run(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [TSX, ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "test", ...env } },
      (e, out, err) => resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });
}

const GOOD = { AUTH_SECRET: "check-config-test-secret-0123456789", CONSOLE_DATA_DIR: "memory://" };

describe("npm run check-config", () => {
  it("passes a valid environment", async () => {
    const r = await run(["scripts/check-config.ts"], { ...GOOD, ENS_PROTOCOL: "HTTP", ENS_ENDPOINT: "127.0.0.1:9100" });
    expect(r.err).toBe("");
    expect(r.out).toMatch(/^configuration ok/);
    expect(r.code).toBe(0);
  });

  it("prints one line per bad variable, naming it, and exits 1", async () => {
    const r = await run(["scripts/check-config.ts"], {
      ENS_MAX_ATTEMPTS: "abc",
      CONSOLE_TRUSTED_PROXIES: "-1",
      ENS_SIGNATURE: "v4",
      DATABASE_URL: "mysql://u:hunter2@db/aic",
    });
    expect(r.code).toBe(1);
    const lines = r.err.trim().split("\n");
    expect(lines).toContain("ENS_MAX_ATTEMPTS: expected an integer from 1 to 10, got 'abc'");
    expect(lines).toContain("CONSOLE_TRUSTED_PROXIES: expected an integer from 0 to 10, got '-1'");
    expect(lines).toContain("ENS_SIGNATURE: expected one of v3, v1, got 'v4'");
    expect(lines.some((l) => l.startsWith("DATABASE_URL: "))).toBe(true);
    expect(lines.some((l) => l.startsWith("AUTH_SECRET: required"))).toBe(true);
    expect(lines.at(-1)).toBe("5 configuration problem(s)");
    expect(r.err).not.toContain("hunter2");
  });

  it("names a signing key file that cannot be read", async () => {
    const r = await run(["scripts/check-config.ts"], { ...GOOD, AUDIT_SIGNING_KEY_FILE: "/nonexistent/audit-key.pem" });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^AUDIT_SIGNING_KEY_FILE: cannot be used: ENOENT/);
  });
});

describe("console start-up (instrumentation register)", () => {
  it("stops on a bad value, naming the variable, before it creates the data folder", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "config-start-")), "data");
    const r = await run(["-e", 'import("./instrumentation.ts").then((m) => m.register())'], {
      ...GOOD,
      NEXT_RUNTIME: "nodejs",
      CONSOLE_DATA_DIR: dir,
      ENS_MAX_ATTEMPTS: "abc",
    });
    expect(r.code).toBe(1);
    expect(r.err).toContain("[config] ENS_MAX_ATTEMPTS: expected an integer from 1 to 10, got 'abc'");
    expect(r.err).toContain("[console] not starting");
    expect(existsSync(dir)).toBe(false);
  });
});
