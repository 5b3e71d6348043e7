// Next's redirect() and notFound() are thrown on purpose; the wrapper must hand them to Next, and
// must not report them as the console's own failure (a "Console.Internal" with a reference).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { notFound, redirect, unstable_rethrow } from "next/navigation";
import { z } from "@/lib/validation/zod";
import { queryRows } from "@/lib/db/client";
import type { ActiveUser } from "@/lib/auth/session";
import { freshDb } from "@/test/support/db";
import { setLogDestination } from "@/lib/log/logger";
import { captureLog, type CapturedLog } from "@/lib/log/test/capture";
import { rethrowNextControlFlow } from "../next-control-flow";
import { createActionFactory } from "../safe-action";

let handle: Awaited<ReturnType<typeof freshDb>>;
const user: ActiveUser = { id: "u1", email: "operator@test", role: "operator", name: null };
const action = () =>
  createActionFactory({
    resolveUser: async () => user,
    requestInfo: async () => ({ ip: "127.0.0.1", userAgent: "vitest" }),
    db: async () => handle.db,
  });

const events = () =>
  queryRows<{ phase: string; outcome: string | null; error_code: string | null }>(
    handle.db,
    sql`SELECT phase, outcome, error_code FROM audit_events ORDER BY id`,
  );

beforeEach(async () => {
  handle = await freshDb("pglite");
});
/** Lines the server log reports as failures (an internal error is one). */
const failures = (log: CapturedLog) => log.lines.filter((l) => l.level === "error" || l.level === "fatal");

afterEach(async () => {
  vi.restoreAllMocks();
  setLogDestination(null);
  await handle.drop();
});

const input = z.object({ instanceId: z.string() });

describe("Next's control flow inside an action", () => {
  it("uses the very unstable_rethrow that next/navigation exports", () => {
    expect(rethrowNextControlFlow).toBe(unstable_rethrow);
  });

  for (const [what, navigate] of [
    ["notFound()", () => notFound()],
    ["redirect()", () => redirect("/instances")],
  ] as const) {
    it(`${what} in an operation reaches Next, is not logged as an internal error, and the log says how it ended`, async () => {
      const log = captureLog();
      const run = action()({
        name: "login.close",
        input,
        target: (i) => ({ type: "instance", id: i.instanceId }),
        handler: async () => navigate(),
      });
      const thrown = await run({ instanceId: "aic-1" }).then(
        () => null,
        (e: unknown) => e,
      );
      expect((thrown as { digest?: string }).digest).toMatch(what === "notFound()" ? /^NEXT_HTTP_ERROR_FALLBACK;404/ : /^NEXT_REDIRECT/);
      expect(failures(log)).toEqual([]);
      expect((await events()).map((e) => [e.phase, e.outcome, e.error_code])).toEqual([
        ["requested", null, null],
        ["completed", "unknown", "Console.Redirected"],
      ]);
    });

    it(`${what} in a one-event action reaches Next and is not logged as an internal error`, async () => {
      const log = captureLog();
      const run = action()({ name: "key.upload", audit: "event", input, handler: async () => navigate() });
      await expect(run({ instanceId: "aic-1" })).rejects.toHaveProperty("digest");
      expect(failures(log)).toEqual([]);
      expect((await events()).filter((e) => e.error_code === "Console.Internal")).toEqual([]);
    });
  }

  it("notFound() after the change was decided: the success stays audited and Next still gets the navigation", async () => {
    const log = captureLog();
    const run = action()({
      name: "login.close",
      input,
      handler: async (_i, ctx) => {
        ctx.decided("REQ-1");
        notFound();
      },
    });
    await expect(run({ instanceId: "aic-1" })).rejects.toHaveProperty("digest");
    expect(failures(log)).toEqual([]);
    expect((await events()).map((e) => [e.phase, e.outcome])).toEqual([
      ["requested", null],
      ["completed", "success"],
    ]);
  });

  it("an ordinary bug is still an internal error with a reference, logged on the server", async () => {
    const log = captureLog();
    const run = action()({
      name: "login.close",
      input,
      handler: async () => {
        throw new TypeError("boom");
      },
    });
    const r = await run({ instanceId: "aic-1" });
    expect(r).toMatchObject({ ok: false, error: { code: "Console.Internal" } });
    expect(log.lines.filter((l) => l.msg === "unexpected error")).toHaveLength(1);
    expect((await events()).map((e) => [e.phase, e.outcome, e.error_code])).toEqual([
      ["requested", null, null],
      ["completed", "unknown", "Console.Internal"],
    ]);
  });
});
