import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importsOf, ROOT, sourceFiles } from "@/test/architecture/import-graph";

/**
 * The logger is server code (pino, AsyncLocalStorage): no module the browser loads may import it,
 * directly or through another module. lib/errors.ts, which the browser loads, reports through a
 * hook the logger installs instead (lib/log/logger.ts).
 */
const EXTENSIONS = [".ts", ".tsx", "/index.ts", "/index.tsx"];
const resolveFile = (target: string): string | null => {
  for (const ext of ["", ...EXTENSIONS]) {
    const f = `${target}${ext}`;
    if (fs.existsSync(path.join(ROOT, f)) && fs.statSync(path.join(ROOT, f)).isFile()) return f;
  }
  return null;
};
/** Whether the file starts (after comments) with the directive `name`. */
const directive = (file: string, name: string) => {
  const head = fs.readFileSync(path.join(ROOT, file), "utf8").replace(/^(\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/))*\s*/, "");
  return head.startsWith(`"${name}"`) || head.startsWith(`'${name}'`);
};
const isClient = (file: string) => directive(file, "use client");
// A client module importing a "use server" file gets references to its actions, not their code.
const isServerActions = (file: string) => directive(file, "use server");

/** The chain of value imports from `start` to a module under lib/log, if there is one. */
function pathToLog(start: string): string[] | null {
  const seen = new Set<string>([start]);
  const queue: string[][] = [[start]];
  while (queue.length) {
    const chain = queue.shift()!;
    for (const i of importsOf(chain.at(-1)!)) {
      if (i.typeOnly || !/^(app|components|lib|i18n|messages)\//.test(i.to)) continue;
      if (i.to.startsWith("lib/log/") || i.to === "lib/log") return [...chain, i.to];
      const next = resolveFile(i.to);
      if (next && !seen.has(next) && !isServerActions(next)) {
        seen.add(next);
        queue.push([...chain, next]);
      }
    }
  }
  return null;
}

describe("the logger stays on the server", () => {
  it("no client module ('use client') reaches lib/log through its imports", () => {
    const clients = ["app", "components", "lib"].flatMap((d) => sourceFiles(d, { skipTests: true })).filter(isClient);
    expect(clients.length).toBeGreaterThan(10);
    const reaching = clients.map(pathToLog).filter((c): c is string[] => c !== null);
    expect(reaching.map((c) => c.join(" -> "))).toEqual([]);
  });

  it("lib/errors.ts, which the browser loads, does not import it", () => {
    expect(pathToLog("lib/errors.ts")).toBeNull();
  });
});
