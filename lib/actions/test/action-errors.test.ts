import { describe, expect, it } from "vitest";
import { ConsoleError } from "@/lib/actions/result";
import { toActionError } from "@/lib/errors";
import { EnsError } from "@/lib/ens/errors";
import { captureLog } from "@/lib/log/test/capture";

describe("errors the browser sees", () => {
  it("an unexpected failure gives a generic message and a reference, never its own message or stack", () => {
    const log = captureLog();
    const e = new Error("connect ECONNREFUSED 10.0.0.5:5432 password=hunter2");
    const out = toActionError(e);
    log.restore();
    expect(out.code).toBe("Console.Internal");
    expect(out.message).toMatch(/Reference: [0-9a-f-]{36}$/);
    expect(JSON.stringify(out)).not.toContain("hunter2");
    expect(JSON.stringify(out)).not.toContain("ECONNREFUSED");
    const ref = out.message.split("Reference: ")[1];
    // The server log has the cause under the same reference (a password in its text cut out).
    expect(log.lines).toEqual([
      expect.objectContaining({ level: "error", ref, err: expect.objectContaining({ message: expect.stringContaining("ECONNREFUSED") }) }),
    ]);
    expect(log.text()).not.toContain("hunter2");
  });

  it("ENS and console errors keep their code and RequestId; a known ENS code reads in the console's words, ENS's own kept as detail", () => {
    const ens = new EnsError({ code: "NoPermission", message: "Permission denied.", requestId: "R-1", httpStatus: 400, retryable: false });
    expect(toActionError(ens)).toEqual({
      code: "NoPermission",
      message: "The console's AccessKey is not allowed to do this in ENS.",
      detail: "Permission denied.",
      requestId: "R-1",
      retryable: false,
    });
    expect(toActionError(new ConsoleError("Console.KeyInUse", "Still delivered."))).toMatchObject({
      code: "Console.KeyInUse",
      message: "Still delivered.",
    });
  });
});
