// scripts/scan-logs.ts, the whole-run scan of the e2e logs: run as scripts/test.sh runs it.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { collectTestPasswords, E2E_ACCESS_KEY_SECRET } from "@/scripts/scan-logs";

const AUTH_SECRET = "e2e-only-secret-1796295130";
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A data folder like e2e-server.sh's: console.log (these lines) beside auth-secret. */
function logDir(lines: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scan-logs-"));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, "auth-secret"), AUTH_SECRET);
  fs.writeFileSync(path.join(dir, "console.log"), lines.map((l) => `${l}\n`).join(""));
  return path.join(dir, "console.log");
}

function scan(...files: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) =>
    execFile(path.resolve("node_modules/.bin/tsx"), ["scripts/scan-logs.ts", ...files], (e, stdout, stderr) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    ),
  );
}

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: "info", time: "2026-12-03T10:00:00.000Z", service: "aic-console", msg: "x", ...fields });
const CLEAN = [
  "   ▲ Next.js 16.4.5",
  "   - Local:        http://127.0.0.1:3210",
  "   - Network:      http://127.0.0.1:3210",
  "",
  " ✓ Starting...",
  " ✓ Ready in 64ms",
  line({ component: "console", msg: "marked 0 interrupted operation(s) as unknown" }),
  line({ component: "action", reqId: "r-1", action: "login.close", outcome: "success", durationMs: 12 }),
  line({ component: "ens", reqId: "r-1", ensAction: "ManageAICLogin", password: "[redacted]" }),
  line({ component: "http", reqId: "r-2", route: "fleet.read", status: 200 }),
];

describe("scripts/scan-logs.ts", () => {
  it("finds every test password the e2e suite types or sets, from the specs themselves", () => {
    const values = collectTestPasswords().map((p) => p.value);
    for (const role of ["viewer", "requester", "operator", "auditor", "admin", "temp"]) expect(values).toContain(`e2e-password-${role}`);
    expect(values).toContain("wrong-password");
    expect(values).toContain("not-the-password");
  });

  it("passes a clean log (Next's start-up lines allowed) and counts its lines and requests", async () => {
    const r = await scan(logDir(CLEAN));
    expect(r.out).toMatch(/10 lines, 4 JSON, 3 with a reqId \(2 requests\), 5 Next start-up lines, 0 problem\(s\)/);
    expect(r.out).toContain("scan-logs: ok");
    expect(r.code).toBe(0);
  });

  for (const [what, planted] of [
    ["the AccessKey secret", E2E_ACCESS_KEY_SECRET],
    ["the AUTH_SECRET", AUTH_SECRET],
    ["a test password", "e2e-password-operator"],
    ["a typed wrong password", "wrong-password"],
    ["an ID token (a JWT)", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln"],
    ["a session cookie", "authjs.session-token=abcdefghijkl"],
  ] as const) {
    it(`fails on ${what}, naming the file, the line and which secret, without printing it`, async () => {
      const file = logDir([...CLEAN, line({ component: "auth", note: `got ${planted} here` })]);
      const r = await scan(file);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`${file}:11: contains `);
      expect(r.out).toContain("FAILED");
      expect(r.out).not.toContain(planted);
    });
  }

  it("fails on a line that is not JSON, and does not print one that holds a secret", async () => {
    const file = logDir([...CLEAN, "Error: something printed by hand", `oops ${E2E_ACCESS_KEY_SECRET}`]);
    const r = await scan(file);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${file}:11: not a JSON line: "Error: something printed by hand"`);
    expect(r.out).toContain(`${file}:12: not a JSON line: (holds a secret: not shown)`);
    expect(r.out).not.toContain(E2E_ACCESS_KEY_SECRET);
  });

  it("cannot scan without the AUTH_SECRET beside the log, or without a file", async () => {
    const file = logDir(CLEAN);
    fs.rmSync(path.join(path.dirname(file), "auth-secret"));
    expect((await scan(file)).code).toBe(2);
    expect((await scan()).code).toBe(2);
    expect((await scan(`${file}.missing`)).code).toBe(2);
  });
});
