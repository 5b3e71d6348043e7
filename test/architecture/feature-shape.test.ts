import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importsOf, isUnder, ROOT, sourceFiles } from "./import-graph";

/**
 * The recipe (docs/architecture.md), held by the code: every feature in one shape, read from the
 * folders. A feature is a folder of lib/ with an `actions.ts`; it has a `schema.ts` (its inputs
 * and an example input per action), `actions.ts` (its specs), `read.ts` (server reads) and
 * `view.ts` (what pages and components render). The allow-lists only shrink.
 */
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");
const isTest = (f: string) => /\.test\.tsx?$/.test(f) || f.split("/").includes("test");
const libFiles = sourceFiles("lib", { skipTests: true }).filter((f) => !isTest(f));
const FEATURES = fs
  .readdirSync(path.join(ROOT, "lib"), { withFileTypes: true })
  .filter((e) => e.isDirectory() && fs.existsSync(path.join(ROOT, "lib", e.name, "actions.ts")))
  .map((e) => e.name)
  .sort();

/** Features without a file of the shape, and why. */
const WITHOUT: Record<string, string> = {
  "logins/read.ts": "a login's state is read with its instance (lib/instances/read.ts), where the list and the page read it",
};

describe("every feature has the recipe's shape", () => {
  it("finds the features from the folders", () => {
    expect(FEATURES).toEqual(expect.arrayContaining(["history", "images", "instances", "keys", "jobs", "logins", "users"]));
  });

  it.each(FEATURES)("lib/%s: schema.ts, actions.ts, read.ts, view.ts", (feature) => {
    for (const file of ["schema.ts", "actions.ts", "read.ts", "view.ts"]) {
      const rel = `${feature}/${file}`;
      if (WITHOUT[rel]) expect(fs.existsSync(path.join(ROOT, "lib", rel)), `${rel} exists now: remove it from WITHOUT`).toBe(false);
      else expect(fs.existsSync(path.join(ROOT, "lib", rel)), `lib/${rel} is missing`).toBe(true);
    }
  });

  it.each(FEATURES)("lib/%s/schema.ts gives a valid example input for each of its actions", async (feature) => {
    const { ACTION_META } = await import("@/lib/actions/safe-action");
    const { createActionFactory } = await import("@/lib/actions/safe-action");
    const schema = (await import(/* @vite-ignore */ path.join(ROOT, "lib", feature, "schema.ts"))) as {
      exampleInputs?: Record<string, unknown>;
    };
    const specs = (await import(/* @vite-ignore */ path.join(ROOT, "lib", feature, "actions.ts"))) as Record<string, object>;
    const build = createActionFactory({
      resolveUser: async () => null,
      requestInfo: async () => ({ ip: null, userAgent: null }),
      db: async () => {
        throw new Error("not called");
      },
    });
    expect(schema.exampleInputs, `lib/${feature}/schema.ts exports no exampleInputs`).toBeDefined();
    for (const [name, spec] of Object.entries(specs)) {
      const { name: action } = (build(spec as never) as unknown as Record<symbol, { name: string }>)[ACTION_META];
      const example = schema.exampleInputs![action];
      expect(example, `lib/${feature}/schema.ts has no example input for ${action} (${name})`).toBeDefined();
      const parsed = (spec as { input: { safeParse(v: unknown): { success: boolean } } }).input.safeParse(example);
      expect(parsed.success, `the example input for ${action} does not parse`).toBe(true);
    }
  });

  it("no other names for the same files: queries.ts only in lib/queries (the client's query options), no *-actions.ts", () => {
    const odd = libFiles.filter(
      (f) => (path.basename(f) === "queries.ts" && !f.startsWith("lib/queries/")) || /-actions\.ts$/.test(path.basename(f)),
    );
    expect(odd).toEqual([]);
  });

  it("action specs are declared only in a feature's actions.ts", () => {
    const elsewhere = libFiles.filter(
      (f) =>
        /\bActionSpec</.test(read(f)) &&
        !/^lib\/[^/]+\/actions\.ts$/.test(f) &&
        !["lib/action-spec.ts", "lib/actions/safe-action.ts"].includes(f),
    );
    expect(elsewhere, "declare the spec in lib/<feature>/actions.ts").toEqual([]);
  });

  it("lib/actions/*.ts hold only one-line action(spec) exports", () => {
    for (const f of libFiles.filter((f) => /^lib\/actions\/[^/]+\.ts$/.test(f))) {
      if (
        [
          "lib/actions/safe-action.ts",
          "lib/actions/action.ts",
          "lib/actions/result.ts",
          "lib/actions/localize-error.ts",
          "lib/actions/next-control-flow.ts",
        ].includes(f)
      )
        continue;
      const code = read(f)
        .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")
        .split("\n")
        .map((l) => l.trim())
        .filter(
          (l) => l && !/^["']use server["'];$/.test(l) && !/^import .* from ["'][^"']+["'];$/.test(l) && l !== 'import "server-only";',
        );
      const bad = code.filter((l) => !/^export const \w+ = action\(\w+\);$/.test(l));
      expect(bad, `${f}: only \`export const x = action(xSpec);\` lines`).toEqual([]);
    }
  });

  it("lib/validation keeps only shared primitives: the zod entry, ids, limits, the plain-text rule, localization", () => {
    const files = libFiles.filter((f) => f.startsWith("lib/validation/")).map((f) => path.basename(f));
    expect(files.sort()).toEqual(["ids.ts", "limits.ts", "localize.ts", "plain-text.ts", "zod-api.ts", "zod.ts"]);
  });

  // A feature's view.ts maps ENS records to its view models; what it exports is the console's own.
  it("no page or component receives an ENS record: app/ and components/ import nothing from lib/ens, types included", () => {
    const files = [...sourceFiles("app"), ...sourceFiles("components")].filter((f) => !isTest(f));
    const reaching = files.flatMap(importsOf).filter((i) => isUnder(i.to, "lib/ens"));
    expect(reaching.map((i) => `${i.from}:${i.line} imports ${i.to}`)).toEqual([]);
  });
});
