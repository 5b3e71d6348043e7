import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONSOLE_ERRORS, ConsoleError, DESCRIBE_FAILURE, knownError, toActionError, type UpstreamFailure } from "@/lib/errors";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const sources = (dir: string): string[] =>
  fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
    const rel = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === "test" || d.name === "node_modules" ? [] : sources(rel);
    return /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [rel] : [];
  });

/** An upstream failure as lib/ens describes one, without importing lib/ens. */
const upstream = (facts: UpstreamFailure) => Object.assign(new Error(facts.said), { [DESCRIBE_FAILURE]: () => facts });

describe("the error vocabulary (lib/errors.ts)", () => {
  it("every Console.* code the console raises or renders has its words and retryable there", () => {
    const used = new Set<string>();
    for (const file of ["lib", "app", "components", "scripts"].flatMap(sources)) {
      for (const m of fs.readFileSync(path.join(ROOT, file), "utf8").matchAll(/["'`](Console\.[A-Za-z]+)["'`]/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(15);
    expect([...used].filter((c) => !(c in CONSOLE_ERRORS))).toEqual([]);
  });

  it("the action wrapper and the error module know nothing of lib/ens", () => {
    for (const file of [
      "lib/errors.ts",
      "lib/actions/safe-action.ts",
      "components/error-toast.tsx",
      "bench/bulk-runner.ts",
      "app/(console)/images/page.tsx",
    ]) {
      expect(fs.readFileSync(path.join(ROOT, file), "utf8"), file).not.toMatch(/from ["'](@\/lib|\.\.?)\/ens\b/);
    }
  });

  it("an unknown upstream code passes through in the upstream's words, with no detail", () => {
    const e = upstream({
      code: "Interface.Call.Failed",
      said: "The key name is taken.",
      requestId: "R-9",
      retryable: false,
      mayHaveBeenApplied: false,
    });
    expect(toActionError(e)).toEqual({
      code: "Interface.Call.Failed",
      message: "The key name is taken.",
      requestId: "R-9",
      retryable: false,
    });
  });

  it("every throttling code reads the same and is retryable as the upstream says", () => {
    const e = upstream({
      code: "Throttling.Region",
      said: "Request was denied due to region flow control.",
      retryable: true,
      mayHaveBeenApplied: false,
    });
    expect(toActionError(e)).toMatchObject({
      message: knownError("Throttling")!.message,
      detail: "Request was denied due to region flow control.",
      retryable: true,
    });
  });

  it("a ConsoleError without words gets its code's; its retryable defaults from the table", () => {
    expect(new ConsoleError("Console.RateLimited")).toMatchObject({
      message: CONSOLE_ERRORS["Console.RateLimited"].message,
      retryable: true,
    });
    expect(new ConsoleError("Console.NotFound", "No user a@b.")).toMatchObject({ message: "No user a@b.", retryable: false });
  });
});
