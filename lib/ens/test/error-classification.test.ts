// lib/ens's part of error classification: what an EnsError tells lib/errors and the action wrapper.
import { describe, expect, it } from "vitest";
import { ENS_ERRORS, mayHaveTakenEffect, toActionError, upstreamFailure } from "@/lib/errors";
import { loadImageList } from "@/lib/images/read";
import { EnsError, isRejectedBeforeProcessing, isRetryableCode, mayHaveBeenApplied, toEnsError } from "../errors";

describe("EnsError describes itself to lib/errors", () => {
  it("the browser may repeat a call only when ENS certainly did nothing and the refusal passes", () => {
    for (const code of Object.keys(ENS_ERRORS) as (keyof typeof ENS_ERRORS)[]) {
      const expected = isRetryableCode(code) && isRejectedBeforeProcessing(code);
      expect(ENS_ERRORS[code].retryable, code).toBe(expected);
      expect(toActionError(new EnsError({ code, message: "x" })).retryable, code).toBe(expected);
    }
  });

  it.each([
    ["Throttling.User", 400, true, false],
    ["ServiceUnavailable", 503, true, false],
    ["InternalError", 500, false, true],
    ["Network.Timeout", undefined, false, true],
    ["NoPermission", 400, false, false],
    ["InvalidParameter.Users", 400, false, false],
  ] as const)("%s (HTTP %s): retryable %s, may have been applied %s", (code, httpStatus, retryable, applied) => {
    const e = new EnsError({ code, message: "m", httpStatus, requestId: "R-1" });
    expect(upstreamFailure(e)).toEqual({ code, said: "m", requestId: "R-1", retryable, mayHaveBeenApplied: applied });
    expect(mayHaveTakenEffect(e)).toBe(mayHaveBeenApplied(e));
  });

  it("a 5xx under a code nobody listed may have been applied, and is not for the browser to repeat", () => {
    const e = toEnsError({
      code: "ServiceTimeout",
      statusCode: 504,
      data: { Code: "ServiceTimeout", Message: "Gateway gave up.", RequestId: "R-5" },
    });
    expect(e.retryable).toBe(true);
    expect(toActionError(e)).toEqual({ code: "ServiceTimeout", message: "Gateway gave up.", requestId: "R-5", retryable: false });
    expect(mayHaveTakenEffect(e)).toBe(true);
  });

  it("the image list page gets a view of an ENS failure, in the console's words; a bug still reaches the error boundary", async () => {
    const denied = new EnsError({ code: "NoPermission", message: "Permission denied.", requestId: "R-2", httpStatus: 400 });
    expect(await loadImageList({}, () => Promise.reject(denied))).toEqual({
      ok: false,
      error: {
        code: "NoPermission",
        message: ENS_ERRORS.NoPermission.message,
        detail: "Permission denied.",
        requestId: "R-2",
        retryable: false,
      },
    });
    await expect(loadImageList({}, () => Promise.reject(new TypeError("bug")))).rejects.toThrow("bug");
    expect(await loadImageList({}, async () => [])).toEqual({ ok: true, images: [] });
  });
});
