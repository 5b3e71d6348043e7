import { describe, expect, it } from "vitest";
import { ExportLimiter } from "@/lib/abuse/export-limiter";
import { ConsoleError } from "@/lib/errors";

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof ConsoleError ? { code: e.code, key: e.words?.key, message: e.message } : e;
  }
  return null;
};

describe("export limiter", () => {
  it("runs one export per user and two in all; a slot released lets the next one in", () => {
    const l = new ExportLimiter({ perUser: 1, total: 2 });
    const a = l.start("a");
    expect(refusal(() => l.start("a"))).toMatchObject({ code: "Console.RateLimited", key: "server.exportRunning" });
    const b = l.start("b");
    expect(refusal(() => l.start("c"))).toMatchObject({ code: "Console.RateLimited", key: "server.exportsBusy" });
    a.release();
    a.release(); // twice frees one slot only
    const c = l.start("c");
    expect(refusal(() => l.start("a"))).toMatchObject({ key: "server.exportsBusy" });
    b.release();
    c.release();
    l.start("a").release();
  });

  it("counts exports started per minute where asked, refusals not counted", () => {
    let now = 1_000_000;
    const l = new ExportLimiter({ perUser: 1, total: 2 }, () => now);
    for (let i = 0; i < 3; i++) l.start("v", { perMinute: 3 }).release();
    const refused = refusal(() => l.start("v", { perMinute: 3 }));
    expect(refused).toMatchObject({ code: "Console.RateLimited", key: "server.exportsThrottled" });
    expect((refused as { message: string }).message).toMatch(/Try again in 60 s/);
    l.start("w", { perMinute: 3 }).release(); // another user is not held back
    l.start("v").release(); // an export without a rate (history) is not counted
    now += 60_000;
    l.start("v", { perMinute: 3 }).release();
  });
});
