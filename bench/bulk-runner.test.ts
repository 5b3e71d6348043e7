import { describe, expect, it } from "vitest";
import { runBulk } from "./bulk-runner";
import type { ActionResult } from "@/lib/actions/result";
import { toActionError } from "@/lib/errors";
import { EnsError } from "@/lib/ens/errors";

const fail = (code: string, message = "m"): ActionResult<unknown> => ({ ok: false, error: toActionError(new EnsError({ code, message })) });

describe("bulk runner retries what the server calls retryable", () => {
  it("a throttled or briefly unavailable item is tried again; a server fault and a refusal are final", async () => {
    const calls = new Map<string, number>();
    const answers: Record<string, (n: number) => ActionResult<unknown>> = {
      throttled: (n) => (n < 3 ? fail("Throttling.User") : { ok: true, data: null }),
      unavailable: (n) => (n < 2 ? fail("ServiceUnavailable") : { ok: true, data: null }),
      fault: () => fail("InternalError"),
      denied: () => fail("NoPermission", "Permission denied."),
    };
    const results = await runBulk(Object.keys(answers), async (id) => {
      const n = (calls.get(id) ?? 0) + 1;
      calls.set(id, n);
      return answers[id](n);
    });
    const byId = Object.fromEntries(results.map((r) => [r.id, r]));
    expect(byId.throttled).toEqual({ id: "throttled", ok: true });
    expect(byId.unavailable).toEqual({ id: "unavailable", ok: true });
    expect(byId.fault).toMatchObject({ ok: false, code: "InternalError" });
    expect(byId.denied).toMatchObject({
      ok: false,
      code: "NoPermission",
      message: "The console's AccessKey is not allowed to do this in ENS.",
    });
    expect(Object.fromEntries(calls)).toEqual({ throttled: 3, unavailable: 2, fault: 1, denied: 1 });
  });

  it("gives up after maxRetries", async () => {
    let n = 0;
    const [r] = await runBulk(["a"], async () => (n++, fail("Throttling.Api")), { maxRetries: 2 });
    expect(r).toMatchObject({ ok: false, code: "Throttling.Api" });
    expect(n).toBe(3);
  });
});
