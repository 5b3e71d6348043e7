import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export interface Import {
  /** The importing file, relative to the repository root (posix slashes). */
  from: string;
  /** What it imports, resolved to a repository path without extension; bare packages stay as written. */
  to: string;
  /** `import type` / `export type`: erased at build time. */
  typeOnly: boolean;
  line: number;
}

const SOURCE = /\.(ts|tsx|mts)$/;

/** Every source file under `dir` (relative to the root), tests included unless `skipTests`. */
export function sourceFiles(dir: string, { skipTests = false } = {}): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (SOURCE.test(e.name) && !e.name.endsWith(".d.ts") && !(skipTests && /\.test\.tsx?$/.test(e.name))) out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}

// Static imports and re-exports (multi-line specifier lists included), side-effect imports, and
// dynamic import() calls. Comments are stripped first so an example in a comment is no import.
const STATIC = /(^|[;\n}])\s*(import|export)\s+(type\s+)?([^;'"]*?\sfrom\s+)?["']([^"']+)["']/g;
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " ")).replace(/(^|[^:"'`\\])\/\/[^\n]*/g, "$1");
}

function resolve(from: string, spec: string): string {
  if (spec.startsWith("@/")) return path.posix.normalize(spec.slice(2));
  if (spec.startsWith(".")) return path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  return spec;
}

export function importsOf(file: string): Import[] {
  const src = stripComments(fs.readFileSync(path.join(ROOT, file), "utf8"));
  const lineAt = (i: number) => src.slice(0, i).split("\n").length;
  const out: Import[] = [];
  for (const m of src.matchAll(STATIC)) {
    const clause = m[4] ?? "";
    // `import { type A, type B } from` is type-only too; a clause with one value binding is not.
    const braced = /^\s*\{([^}]*)\}\s*from\s+$/.exec(clause);
    const allTypes =
      braced !== null &&
      braced[1]
        .split(",")
        .filter((s) => s.trim())
        .every((s) => /^\s*type\s/.test(s));
    out.push({
      from: file,
      to: resolve(file, m[5]),
      typeOnly: Boolean(m[3]) || allTypes,
      line: lineAt(m.index + m[0].search(/\b(import|export)\b/)),
    });
  }
  for (const m of src.matchAll(DYNAMIC)) out.push({ from: file, to: resolve(file, m[1]), typeOnly: false, line: lineAt(m.index) });
  return out;
}

/** Whether `target` is the module or folder `prefix` (e.g. "lib/ens") or inside it. */
export const isUnder = (target: string, prefix: string) => target === prefix || target.startsWith(`${prefix}/`);

/** The top-level unit of lib/ a path belongs to: its first folder, or the file itself for lib/*.ts. */
export function libUnit(p: string): string | null {
  if (!isUnder(p, "lib")) return null;
  const [, first, ...rest] = p.split("/");
  return rest.length ? `lib/${first}` : `lib/${first.replace(/\.(ts|tsx)$/, "")}`;
}

/** Cycles in a directed graph, each as the list of nodes of one strongly connected component (Tarjan). */
export function stronglyConnected(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}
