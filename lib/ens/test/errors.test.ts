import { describe, expect, it } from "vitest";
import { EnsError, isRejectedBeforeProcessing, isRetryableCode, mayHaveBeenApplied, toEnsError } from "../errors";

// Shaped like tea's ResponseError: message is the SDK concatenation, fields hang off the object.
function responseError(status: number, body: Record<string, unknown>) {
  const code = String(body.Code ?? body.code);
  const err = new Error(`${code}: code: ${status}, ${body.Message} request id: ${body.RequestId}`) as any;
  err.code = code;
  err.data = { ...body, statusCode: status };
  err.description = String(body.Description ?? body.description);
  err.accessDeniedDetail = body.AccessDeniedDetail;
  err.statusCode = status;
  return err;
}

describe("isRetryableCode", () => {
  it.each([
    "Throttling",
    "Throttling.User",
    "Throttling.Api",
    "InternalError",
    "ServiceUnavailable",
    "Network.Timeout",
    "Ens.InvalidResponse",
  ])("retries %s", (code) => expect(isRetryableCode(code)).toBe(true));
  it.each([
    "InvalidParameter.Users",
    "InvalidParameter",
    "Parameter.Invalid",
    "NoPermission",
    "Forbidden.RAM",
    "SignatureDoesNotMatch",
    "InvalidAccessKeyId.NotFound",
    "InvalidAccessKeyId.Inactive",
    "MissingInstanceId",
    "MissingParameter",
    "Interface.Call.Failed",
    "InvalidCredentials",
    "SignatureNonceUsed",
    "InvalidTimeStamp.Expired",
  ])("never retries %s", (code) => expect(isRetryableCode(code)).toBe(false));
});

describe("toEnsError", () => {
  it("maps a JSON error body, using the ENS message rather than the SDK concatenation", () => {
    const e = toEnsError(
      responseError(400, {
        RequestId: "7F3A1C2B-0000-4000-8000-000000000001",
        HostId: "ens.aliyuncs.com",
        Code: "InvalidParameter.Users",
        Message: "The specified field Users invalid. Please check it again.",
        Recommend: "https://api.aliyun.com/troubleshoot?q=InvalidParameter.Users",
      }),
    );
    expect(e).toBeInstanceOf(EnsError);
    expect(e.toJSON()).toEqual({
      code: "InvalidParameter.Users",
      message: "The specified field Users invalid. Please check it again.",
      requestId: "7F3A1C2B-0000-4000-8000-000000000001",
      httpStatus: 400,
      retryable: false,
    });
    expect(e.hostId).toBe("ens.aliyuncs.com");
    expect(e.recommend).toContain("troubleshoot");
  });

  it("accepts lower-case keys and ignores the literal 'undefined' description", () => {
    const e = toEnsError(responseError(400, { code: "NoPermission", message: "Permission denied.", requestId: "R-1" }));
    expect(e.code).toBe("NoPermission");
    expect(e.message).toBe("Permission denied.");
    expect(e.requestId).toBe("R-1");
    expect(e.retryable).toBe(false);
  });

  it("uses Description when Message is missing", () => {
    const e = toEnsError(responseError(403, { Code: "Forbidden.RAM", Description: "denied by policy", RequestId: "R" }));
    expect(e.message).toBe("denied by policy");
    expect(e.httpStatus).toBe(403);
  });

  it("treats a 5xx without a code as retryable and a 4xx without a code as not", () => {
    const e5 = toEnsError(responseError(502, { RequestId: "R" }));
    expect(e5.code).toBe("Ens.ServerError");
    expect(e5.retryable).toBe(true);
    expect(e5.message).not.toContain("undefined");
    const e4 = toEnsError(responseError(404, {}));
    expect(e4.code).toBe("Ens.HttpError");
    expect(e4.retryable).toBe(false);
    expect(e4.requestId).toBeUndefined();
  });

  it.each([
    [500, "InternalError", true],
    [503, "ServiceUnavailable", true],
    [400, "Throttling.User", true],
    [406, "Throttling.Api", true],
    [404, "InvalidAccessKeyId.NotFound", false],
    [400, "SignatureDoesNotMatch", false],
    // Any 5xx is a server fault, listed code or not; a never-retry code stays so even on a 5xx.
    [500, "UnknownError", true],
    [504, "ServiceTimeout", true],
    [502, "Gateway.Error", true],
    [500, "SignatureDoesNotMatch", false],
    [400, "UnknownError", false],
  ])("HTTP %i %s → retryable %s", (status, code, retryable) => {
    const e = toEnsError(responseError(status, { Code: code, Message: "m", RequestId: "R" }));
    expect(e.code).toBe(code);
    expect(e.retryable).toBe(retryable);
  });

  it("maps a SyntaxError (HTML 503 body) to Ens.InvalidResponse, retryable, no status", () => {
    let thrown: unknown;
    try {
      JSON.parse("<html>503</html>");
    } catch (err) {
      thrown = err;
    }
    const e = toEnsError(thrown);
    expect(e.code).toBe("Ens.InvalidResponse");
    expect(e.retryable).toBe(true);
    expect(e.httpStatus).toBeUndefined();
  });

  it.each([
    ["ECONNREFUSED", "Network.ConnectionRefused"],
    ["ECONNRESET", "Network.ConnectionReset"],
    ["ETIMEDOUT", "Network.Timeout"],
    ["ENOTFOUND", "Network.DnsFailure"],
  ])("maps %s to %s without leaking the URL", (sysCode, code) => {
    const err = Object.assign(new Error(`connect ${sysCode} 127.0.0.1:1POST http://127.0.0.1:1/?Signature=abc failed.`), { code: sysCode });
    const e = toEnsError(err);
    expect(e.code).toBe(code);
    expect(e.retryable).toBe(true);
    expect(e.message).not.toContain("Signature");
  });

  it("maps httpx timeout errors and socket hang up", () => {
    const read = Object.assign(new Error("ReadTimeout(200). GET /?x failed."), { name: "RequestTimeoutError" });
    expect(toEnsError(read).code).toBe("Network.Timeout");
    const conn = Object.assign(new Error("ConnectTimeout: Connect http://h failed."), { name: "RequestTimeoutError" });
    expect(toEnsError(conn).code).toBe("Network.Timeout");
    expect(toEnsError(new Error("socket hang up")).code).toBe("Network.ConnectionReset");
  });

  it("maps missing credentials as not retryable", () => {
    const e = toEnsError(Object.assign(new Error("Please set up the credentials correctly."), { code: "InvalidCredentials" }));
    expect(e.code).toBe("InvalidCredentials");
    expect(e.retryable).toBe(false);
  });

  it("maps aborts and unknown values", () => {
    expect(toEnsError(Object.assign(new Error("x"), { name: "AbortError" })).code).toBe("Ens.Aborted");
    const u = toEnsError("boom");
    expect(u.code).toBe("Ens.Unknown");
    expect(u.retryable).toBe(false);
    // A client-side fault's own text stays in the server log; the user gets a reference.
    const bug = toEnsError(new TypeError("Cannot read properties of undefined (reading 'body')"));
    expect(bug.code).toBe("Ens.Unknown");
    expect(bug.message).toMatch(/^The ENS client failed unexpectedly\. Reference: [0-9a-f-]{36}$/);
    const same = new EnsError({ code: "X", message: "y" });
    expect(toEnsError(same)).toBe(same);
  });
});

describe("isRejectedBeforeProcessing", () => {
  it.each([
    ["Throttling.User", true],
    ["ServiceUnavailable", true],
    ["Network.ConnectionRefused", true],
    ["Network.DnsFailure", true],
    ["Network.Unreachable", true],
    // The request may have reached ENS: a mutation must not be repeated on these.
    ["Network.ConnectionReset", false],
    ["Network.Timeout", false],
    ["InternalError", false],
    ["Ens.InvalidResponse", false],
  ])("%s → %s", (code, expected) => {
    expect(isRejectedBeforeProcessing(code)).toBe(expected);
  });
});

describe("mayHaveBeenApplied", () => {
  it.each([
    [{ code: "Network.Timeout" }, true],
    [{ code: "Network.ConnectionReset" }, true],
    [{ code: "Ens.InvalidResponse" }, true],
    [{ code: "Ens.Unknown" }, true],
    [{ code: "InternalError", httpStatus: 500 }, true],
    // A coded gateway or server fault is as uncertain as an uncoded one.
    [{ code: "ServiceTimeout", httpStatus: 504 }, true],
    [{ code: "Gateway.Error", httpStatus: 502 }, true],
    [{ code: "ServiceUnavailable", httpStatus: 503 }, false],
    [{ code: "Throttling.User", httpStatus: 400 }, false],
    [{ code: "NoPermission", httpStatus: 400 }, false],
    [{ code: "Network.ConnectionRefused" }, false],
    [{ code: "Network.DnsFailure" }, false],
  ])("%j → %s", (e, expected) => {
    expect(mayHaveBeenApplied(e)).toBe(expected);
  });
});
