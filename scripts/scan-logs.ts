// The whole-run secret scan of the console's log (issue 18): fails when a log file holds a secret
// of the e2e deployment or a password the e2e specs type, or a line that is not JSON.
//
//   npx tsx scripts/scan-logs.ts [--auth-secret-file <file>] <log file>…
//
// Secrets looked for (never printed; a finding names the file, the line and which secret):
//   - the AccessKey secret of the e2e deployment (`emulator-demo-secret-…`), and every value
//     scripts/e2e-server.sh assigns to a secret variable (SECRET_VARIABLES below);
//   - the AUTH_SECRET of the run, read from `auth-secret` beside each log file (e2e-server.sh
//     writes it into $CONSOLE_DATA_DIR, where the logs are), or from --auth-secret-file;
//   - every test password (collectTestPasswords): string literals the e2e specs type into a
//     password field (`….fill("…")` on a line naming a password), constants named *PASSWORD* or
//     *SECRET* in e2e/*.ts, the `passwordFor` template expanded over ROLES and the literals of its
//     parameter's type, and the passwords scripts/e2e-server.sh gives scripts/users.ts.
// Lines that are not a JSON object fail too, except the start-up lines the Next server prints
// itself (NEXT_BANNER) and blank lines. Exit 0: clean; 1: findings; 2: cannot scan.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "..");

/** The AccessKey secret scripts/e2e-server.sh exports (ALIBABA_CLOUD_ACCESS_KEY_SECRET). */
export const E2E_ACCESS_KEY_SECRET = "emulator-demo-secret-0123456789abcdef";

/** Variables whose value in scripts/e2e-server.sh is a secret. */
export const SECRET_VARIABLES = [
  "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  "AUTH_OIDC_CLIENT_SECRET",
  "CONSOLE_METRICS_TOKEN",
  "CONSOLE_BOOTSTRAP_ADMIN_PASSWORD",
];

/** What the Next server prints itself at start (standalone `server.js` and `next start`), ANSI colours removed. */
export const NEXT_BANNER: RegExp[] = [
  /^\s*▲ Next\.js \d+\.\d+\.\d+.*$/,
  /^\s*- (Local|Network|Environments):\s+\S.*$/,
  /^\s*- Experiments \(use with caution\):$/,
  /^\s*[✓·] [\w-]+( \([^)]*\))?$/, // an experiment's name under the heading above
  /^\s*✓ Starting\.\.\.$/,
  /^\s*✓ Ready in \d+(\.\d+)?m?s$/,
  /^\s*✓ Running next\.config took \d+(\.\d+)?m?s$/,
];

/** Shorter literals are not treated as passwords (they would match ordinary words). */
const MIN_LENGTH = 6;

export interface Secret {
  /** Which secret, as a finding names it: never its value. */
  label: string;
  value: string;
}

const literals = (text: string): string[] => [...text.matchAll(/"([^"\\\n]*)"|'([^'\\\n]*)'/g)].map((m) => m[1] ?? m[2]);

/** Every test password the e2e suite uses, each with where it was found (see the header for the patterns). */
export function collectTestPasswords(root: string = ROOT): Secret[] {
  const found = new Map<string, string>();
  const add = (value: string, where: string) => {
    if (value.length >= MIN_LENGTH && !found.has(value)) found.set(value, where);
  };
  const dir = path.join(root, "e2e");
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".ts")) : [];
  const sources = files.map((f) => ({ file: `e2e/${f}`, lines: fs.readFileSync(path.join(dir, f), "utf8").split("\n") }));

  // ROLES = [ … ] lists: what a `${role}` template expands over.
  const roles = sources.flatMap(({ lines }) => lines.filter((l) => /\bROLES\s*=\s*\[/.test(l)).flatMap(literals));
  for (const { file, lines } of sources)
    lines.forEach((line, i) => {
      const where = `${file}:${i + 1}`;
      if (/password/i.test(line)) for (const m of line.matchAll(/\.fill\(\s*(["'])([^"'\\\n]+)\1\s*\)/g)) add(m[2], where);
      const constant = /\bconst\s+([A-Z0-9_]*(?:PASSWORD|SECRET)[A-Z0-9_]*)\s*(?::\s*\w+\s*)?=\s*(["'])([^"'\\\n]+)\2/.exec(line);
      if (constant) add(constant[3], where);
      const template = /password\w*\s*=.*`([^`$]*)\$\{\s*\w+\s*\}([^`$]*)`/i.exec(line);
      if (template) {
        const extra = literals(line.slice(0, template.index + template[0].indexOf("`")));
        for (const r of new Set([...roles, ...extra])) add(`${template[1]}${r}${template[2]}`, where);
      }
    });

  // scripts/e2e-server.sh: `echo "<password>" | npx tsx scripts/users.ts add …`, with $role from its loop.
  const sh = path.join(root, "scripts/e2e-server.sh");
  if (fs.existsSync(sh)) {
    let loop: string[] = [];
    fs.readFileSync(sh, "utf8")
      .split("\n")
      .forEach((line, i) => {
        const f = /^\s*for\s+(\w+)\s+in\s+([^;]+);/.exec(line);
        if (f) loop = f[2].trim().split(/\s+/);
        const e = /echo\s+"([^"]+)"\s*\|\s*npx tsx scripts\/users\.ts/.exec(line);
        if (!e) return;
        const values = /\$\{?\w+\}?/.test(e[1]) ? loop.map((w) => e[1].replace(/\$\{?\w+\}?/, w)) : [e[1]];
        for (const v of values) add(v, `scripts/e2e-server.sh:${i + 1}`);
      });
  }
  return [...found].map(([value, where], n) => ({ label: `test password or secret #${n + 1} (${where})`, value }));
}

/** The AccessKey secret and every literal secret scripts/e2e-server.sh assigns. */
export function deploymentSecrets(root: string = ROOT): Secret[] {
  const out: Secret[] = [{ label: "the AccessKey secret (ALIBABA_CLOUD_ACCESS_KEY_SECRET)", value: E2E_ACCESS_KEY_SECRET }];
  const sh = path.join(root, "scripts/e2e-server.sh");
  if (!fs.existsSync(sh)) return out;
  const text = fs.readFileSync(sh, "utf8");
  for (const name of SECRET_VARIABLES)
    for (const m of text.matchAll(new RegExp(`\\b${name}=("?)([^\\s"$]+)\\1(?=\\s|$)`, "g")))
      if (m[2].length >= MIN_LENGTH && !out.some((s) => s.value === m[2]))
        out.push({ label: `the ${name} of scripts/e2e-server.sh`, value: m[2] });
  return out;
}

export interface ScanReport {
  findings: string[];
  lines: number;
  json: number;
  withReqId: number;
  reqIds: number;
  banner: number;
}

const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * Secrets made during the run, found by their shape: a JWT (ID token, session), a session cookie's
 * value, an outbound destination's webhook signing secret (`whsec_` and base64), and a DingTalk
 * robot URL's signature or access token (`sign=`, `access_token=` query values).
 */
export const SECRET_SHAPES: { label: string; re: RegExp }[] = [
  { label: "a JWT", re: /\beyJ[\w-]{4,}\.[\w-]{4,}\./ },
  { label: "a session cookie", re: /authjs\.session-token=[^;\s"]{8,}/ },
  { label: "a webhook signing secret", re: /whsec_[A-Za-z0-9+/]{16,}/ },
  { label: "a DingTalk signature or access token", re: /[?&](?:sign|access_token)=[^&\s"\\]{8,}/ },
];

/** Scans one log's text: secrets first (never shown), then lines that are not a JSON object. */
export function scanText(file: string, text: string, secrets: Secret[]): ScanReport {
  const report: ScanReport = { findings: [], lines: 0, json: 0, withReqId: 0, reqIds: 0, banner: 0 };
  const ids = new Set<string>();
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  lines.forEach((raw, i) => {
    report.lines++;
    const at = `${file}:${i + 1}`;
    const hits = [...secrets.filter((s) => raw.includes(s.value)), ...SECRET_SHAPES.filter((s) => s.re.test(raw))];
    for (const s of hits) report.findings.push(`${at}: contains ${s.label}`);
    const line = raw.replace(ANSI, "");
    if (line.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      report.json++;
      const reqId = (parsed as { reqId?: unknown }).reqId;
      if (typeof reqId === "string") {
        report.withReqId++;
        ids.add(reqId);
      }
      return;
    }
    if (NEXT_BANNER.some((re) => re.test(line))) {
      report.banner++;
      return;
    }
    const shown = hits.length ? "(holds a secret: not shown)" : JSON.stringify(line.length > 160 ? `${line.slice(0, 160)}…` : line);
    report.findings.push(`${at}: not a JSON line: ${shown}`);
  });
  report.reqIds = ids.size;
  return report;
}

/** The AUTH_SECRET beside a log file (`auth-secret` in its folder), if there is one. */
function authSecretBeside(file: string): string | undefined {
  const p = path.join(path.dirname(file), "auth-secret");
  return fs.existsSync(p) ? fs.readFileSync(p, "utf8").trim() : undefined;
}

export function main(argv: string[]): number {
  const files: string[] = [];
  let authSecretFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--auth-secret-file") authSecretFile = argv[++i];
    else if (argv[i].startsWith("-")) return usage(`unknown option ${argv[i]}`);
    else files.push(argv[i]);
  }
  if (!files.length) return usage("no log file given");
  const passwords = collectTestPasswords();
  if (passwords.filter((p) => p.value.startsWith("e2e-password-")).length < 5) {
    console.error(
      "scan-logs: fewer than 5 e2e-password-* test passwords found in e2e/ and scripts/e2e-server.sh: the patterns no longer match",
    );
    return 2;
  }
  const deployment = deploymentSecrets();
  const base = [...deployment, ...passwords.filter((p) => !deployment.some((d) => d.value === p.value))];
  const findings: string[] = [];
  for (const file of files) {
    if (!fs.existsSync(file)) {
      console.error(`scan-logs: ${file}: no such file`);
      return 2;
    }
    const authSecret = authSecretFile ? fs.readFileSync(authSecretFile, "utf8").trim() : authSecretBeside(file);
    if (!authSecret) {
      console.error(`scan-logs: ${file}: no auth-secret beside it (pass --auth-secret-file): cannot look for the AUTH_SECRET`);
      return 2;
    }
    const r = scanText(file, fs.readFileSync(file, "utf8"), [{ label: "the AUTH_SECRET", value: authSecret }, ...base]);
    findings.push(...r.findings);
    console.log(
      `scan-logs: ${file}: ${r.lines} lines, ${r.json} JSON, ${r.withReqId} with a reqId (${r.reqIds} requests), ${r.banner} Next start-up lines, ${r.findings.length} problem(s)`,
    );
  }
  const shown = findings.slice(0, 50);
  for (const f of shown) console.log(`scan-logs: ${f}`);
  if (findings.length > shown.length) console.log(`scan-logs: … and ${findings.length - shown.length} more`);
  console.log(
    findings.length
      ? `scan-logs: FAILED: ${findings.length} problem(s) (${base.length + 1} secrets and passwords looked for)`
      : `scan-logs: ok: no secret, no password (${base.length + 1} looked for), every line JSON`,
  );
  return findings.length ? 1 : 0;
}

function usage(why: string): number {
  console.error(`scan-logs: ${why}\nusage: npx tsx scripts/scan-logs.ts [--auth-secret-file <file>] <log file>…`);
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) process.exit(main(process.argv.slice(2)));
