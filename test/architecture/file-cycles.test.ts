import { describe, expect, it } from "vitest";
import { importsOf, ROOT, sourceFiles, stronglyConnected } from "./import-graph";
import fs from "node:fs";
import path from "node:path";

/**
 * No file-level import cycles among production files (issue 28): a cycle makes the load order
 * matter, hides which module owns what, and keeps a file from being read (or tested) on its own.
 * Type-only imports count too: they are the same knowledge, merely erased at build time.
 *
 * Each allow-list entry is one edge that closes a cycle today, and why; with the entries left out,
 * the graph has none. An entry that no longer matches an import fails the test, so the list only
 * shrinks: delete the entry once its import is gone.
 */
type Allowed = { from: string; to: string; why: string };

const allowed: Allowed[] = [];

const DIRS = ["lib", "app", "components", "bench", "emulator", "scripts"];
const isTestFile = (f: string) => /\.test\.tsx?$/.test(f) || f.split("/").includes("test");
const ROOT_FILES = fs.readdirSync(ROOT).filter((f) => /\.(ts|tsx|mts)$/.test(f) && !f.endsWith(".d.ts") && !/\.config\.|\.test\./.test(f));

const files = [...DIRS.flatMap((d) => sourceFiles(d, { skipTests: true })), ...ROOT_FILES].filter((f) => !isTestFile(f));

// A module id ("lib/log/logger", "lib/ens" for lib/ens/index.ts) to the file it names.
const byModule = new Map<string, string>();
for (const f of files) {
  const id = f.replace(/\.(ts|tsx|mts)$/, "");
  byModule.set(id, f);
  if (path.posix.basename(id) === "index") byModule.set(path.posix.dirname(id), f);
}
const fileOf = (to: string) => byModule.get(to) ?? byModule.get(to.replace(/\.(m?js|tsx?)$/, ""));

const edges = files.flatMap(importsOf).flatMap((i) => {
  const to = fileOf(i.to);
  return to && to !== i.from ? [{ ...i, to }] : [];
});
const key = (e: { from: string; to: string }) => `${e.from} -> ${e.to}`;

describe("production files import each other without cycles", () => {
  it("reads the graph it checks (the scanner resolves real files, type-only imports included)", () => {
    expect(files).toContain("lib/jobs/engine.ts");
    expect(files.some(isTestFile)).toBe(false);
    expect(edges.some((e) => e.from === "lib/actions/safe-action.ts" && e.to.startsWith("lib/audit/"))).toBe(true);
    expect(edges.some((e) => e.typeOnly)).toBe(true);
    // A cycle planted in a graph is found.
    const planted = new Map([
      ["a", new Set(["b"])],
      ["b", new Set(["c"])],
      ["c", new Set(["a"])],
    ]);
    expect(stronglyConnected(planted)).toEqual([["a", "b", "c"]]);
  });

  it("every allow-listed edge is still an import (the list only shrinks)", () => {
    const found = new Set(edges.map(key));
    expect(allowed.filter((a) => !found.has(key(a))).map((a) => `${key(a)} is no longer imported: remove it from the allow-list`)).toEqual(
      [],
    );
  });

  it("has no cycle once the allow-listed edges are left out", () => {
    const skip = new Set(allowed.map(key));
    const graph = new Map<string, Set<string>>();
    const lines = new Map<string, number[]>();
    for (const e of edges) {
      if (skip.has(key(e))) continue;
      if (!graph.has(e.from)) graph.set(e.from, new Set());
      graph.get(e.from)!.add(e.to);
      lines.set(key(e), [...(lines.get(key(e)) ?? []), e.line]);
    }
    const cycles = stronglyConnected(graph).map((scc) => {
      const inside = [...lines.entries()]
        .filter(([k]) => {
          const [a, b] = k.split(" -> ");
          return scc.includes(a) && scc.includes(b);
        })
        .map(([k, at]) => `${k.replace(" -> ", `:${at.join(",")} -> `)}`);
      return `${scc.join(" ↔ ")}: ${inside.join("; ")}`;
    });
    expect(cycles, "break the cycle: move what both sides need to its own module, or inject it").toEqual([]);
  });
});
