import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type Import, importsOf, isUnder, libUnit, ROOT, sourceFiles, stronglyConnected } from "./import-graph";

/**
 * Fitness tests for the layers (issue 13), read from the source: no build needed. Each allow-list
 * names an import that still breaks a rule, and why. An entry that no longer matches an import
 * fails the test, so the list only shrinks: delete the entry once its import is gone.
 */
type Allowed = { from: string; to: string; why: string };

const key = (i: { from: string; to: string }) => `${i.from} -> ${i.to}`;
const isTestFile = (f: string) => /\.test\.tsx?$/.test(f) || f.split("/").includes("test");
const productionFiles = (dir: string) => sourceFiles(dir, { skipTests: true }).filter((f) => !isTestFile(f));

function breaking(imports: Import[], allowed: Allowed[]) {
  const allowedKeys = new Set(allowed.map(key));
  const found = new Set(imports.map(key));
  return {
    violations: imports
      .filter((i) => !allowedKeys.has(key(i)))
      .map((i) => `${i.from}:${i.line} imports ${i.to}${i.typeOnly ? " (type only)" : ""}`),
    stale: allowed.filter((a) => !found.has(key(a))).map((a) => `${key(a)} is no longer imported: remove it from the allow-list`),
  };
}

describe("app/ and components/ reach ENS and the database only through lib/<feature>", () => {
  const allowed: Allowed[] = [];

  it("no module under app/ or components/ imports lib/ens or lib/db, type-only imports included", () => {
    const imports = [...sourceFiles("app"), ...sourceFiles("components")]
      .flatMap(importsOf)
      .filter((i) => isUnder(i.to, "lib/ens") || isUnder(i.to, "lib/db"));
    const { violations, stale } = breaking(imports, allowed);
    expect(violations, "call a service in lib/<feature> instead").toEqual([]);
    expect(stale).toEqual([]);
  });
});

describe("feature modules do not import the action layer", () => {
  const FEATURES = ["lib/instances", "lib/images", "lib/keys", "lib/users", "lib/jobs"];
  const allowed: Allowed[] = [];

  it("no module under lib/instances, lib/images, lib/keys, lib/users or lib/jobs imports lib/actions", () => {
    const imports = FEATURES.flatMap(productionFiles)
      .flatMap(importsOf)
      .filter((i) => isUnder(i.to, "lib/actions"));
    const { violations, stale } = breaking(imports, allowed);
    expect(violations, "lib/actions calls the features, never the other way").toEqual([]);
    expect(stale).toEqual([]);
  });
});

describe("the top-level folders of lib/ import each other without cycles", () => {
  // Each entry is one edge that closes a cycle today; with them left out, the graph has none.
  const allowed: Allowed[] = [
    {
      from: "lib/auth/sso-sign-in.ts",
      to: "lib/users/audit-user-change",
      why: "SSO sign-in creates users and audits it as a user change, while lib/users uses lib/auth's password and role checks",
    },
    {
      from: "lib/abuse/read-caches.ts",
      to: "lib/instances/view",
      why: "readCaches() still declares the instance page's two caches (type only); it goes when lib/instances creates them with sharedReadCache, as lib/keys and lib/images do",
    },
    {
      from: "lib/audit/vocabulary.ts",
      to: "lib/auth/permissions",
      why: "the audit registry names each action's permission (type only), while sign-in and sign-out in lib/auth write audit events",
    },
  ];

  const edges = productionFiles("lib")
    .flatMap(importsOf)
    .filter((i) => {
      const to = libUnit(i.to);
      return to !== null && to !== libUnit(i.from);
    });

  it("finds the imports it checks (the scanner reads real files)", () => {
    expect(edges.some((e) => e.from === "lib/actions/safe-action.ts" && isUnder(e.to, "lib/audit"))).toBe(true);
    expect(edges.filter((e) => e.typeOnly).length).toBeGreaterThan(0);
  });

  it("has no cycle between folders once the allow-listed edges are left out", () => {
    const { stale } = breaking(edges, allowed);
    expect(stale).toEqual([]);
    const skip = new Set(allowed.map(key));
    const graph = new Map<string, Set<string>>();
    const via = new Map<string, string[]>();
    for (const e of edges) {
      if (skip.has(key(e))) continue;
      const [a, b] = [libUnit(e.from)!, libUnit(e.to)!];
      if (!graph.has(a)) graph.set(a, new Set());
      graph.get(a)!.add(b);
      via.set(`${a} -> ${b}`, [...(via.get(`${a} -> ${b}`) ?? []), `${e.from}:${e.line}`]);
    }
    const cycles = stronglyConnected(graph).map((scc) => {
      const inside = [...via.entries()].filter(
        ([k]) => scc.some((n) => k.startsWith(`${n} -> `)) && scc.some((n) => k.endsWith(` -> ${n}`)),
      );
      return `${scc.join(" ↔ ")}: ${inside.map(([k, files]) => `${k} (${files.join(", ")})`).join("; ")}`;
    });
    expect(cycles).toEqual([]);
  });
});

describe("the client data layer", () => {
  it("query options live in plain modules (no 'use client'), so server pages get the real keys", () => {
    for (const f of productionFiles("lib/queries")) {
      expect(/^\s*["']use client["']/.test(fs.readFileSync(path.join(ROOT, f), "utf8")), f).toBe(false);
    }
  });

  it("the browser reads the API only through getJson (lib/http/get-json.ts)", () => {
    const callers = sourceFiles("components").filter((f) => /(^|[^.\w])fetch\(/.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
    expect(callers).toEqual([]);
  });
});
