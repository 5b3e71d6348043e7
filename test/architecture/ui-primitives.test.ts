import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, sourceFiles } from "./import-graph";

/**
 * Fitness test for the UI primitives (issue 28.5): tables are built from components/ui/table.tsx
 * (its Th always carries `scope`), so a page or component writes no <table>, <thead> or <th> of
 * its own. Comments are ignored, so a doc comment may still name the tags.
 */
const UI = "components/ui/";
const TABLE = "components/ui/table.tsx";

const stripComments = (src: string) =>
  src.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " ")).replace(/(^|[^:"'`\\])\/\/[^\n]*/g, "$1");

function uses(tag: string, allowed: (file: string) => boolean): string[] {
  const pattern = new RegExp(`<${tag}[\\s>/]`, "g");
  return [...sourceFiles("components", { skipTests: true }), ...sourceFiles("app", { skipTests: true })]
    .filter((f) => f.endsWith(".tsx") && !allowed(f))
    .flatMap((f) => {
      const src = stripComments(fs.readFileSync(path.join(ROOT, f), "utf8"));
      return [...src.matchAll(pattern)].map((m) => `${f}:${src.slice(0, m.index).split("\n").length} <${tag}>`);
    });
}

describe("tables are built from components/ui/table.tsx", () => {
  it("no raw <table> outside components/ui/", () => {
    expect(
      uses("table", (f) => f.startsWith(UI)),
      "use Table from @/components/ui/table",
    ).toEqual([]);
  });

  it("no raw <thead> or <th> outside components/ui/table.tsx (Th sets scope)", () => {
    const found = [...uses("thead", (f) => f === TABLE), ...uses("th", (f) => f === TABLE)];
    expect(found, "use THead and Th (or Th row) from @/components/ui/table").toEqual([]);
  });

  it("the scan sees the primitives themselves (it would find a raw tag)", () => {
    expect(uses("th", () => false).some((hit) => hit.startsWith(TABLE))).toBe(true);
    expect(uses("table", () => false).some((hit) => hit.startsWith(TABLE))).toBe(true);
  });
});
