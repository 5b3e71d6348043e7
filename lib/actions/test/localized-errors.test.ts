// The wrapper answers in the caller's language: the user's choice, else the request's
// Accept-Language, else English. The audit log keeps English whatever the caller reads.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/client";
import type { ActiveUser } from "@/lib/auth/session";
import type { EnsClient } from "@/lib/ens";
import { ConsoleError } from "@/lib/errors";
import { setLoginSpec } from "@/lib/logins/actions";
import { z } from "@/lib/validation/zod";
import { freshDb } from "@/test/support/db";
import { createActionFactory } from "../safe-action";

const HAN = /\p{Script=Han}/u;
let handle: Awaited<ReturnType<typeof freshDb>>;

const operator: ActiveUser = { id: "u1", email: "operator@test", role: "operator", name: null };
/** ENS must never be reached by the calls here. */
const noEns = () => new Proxy({}, { get: () => () => Promise.reject(new Error("ENS was called")) }) as EnsClient;

function factory(user: ActiveUser | null, acceptLanguage?: string | null) {
  return createActionFactory({
    resolveUser: async () => user,
    requestInfo: async () => ({ ip: "198.51.100.7", userAgent: "vitest", ...(acceptLanguage === undefined ? {} : { acceptLanguage }) }),
    db: async () => handle.db,
    ens: noEns,
  });
}

const events = () =>
  queryRows<{ outcome: string; error_code: string; error_message: string }>(
    handle.db,
    sql`SELECT outcome, error_code, error_message FROM audit_events WHERE phase = 'completed' ORDER BY id`,
  );

/** What an attacker (or a careless form) sends: an open with no reason, no duration and a hostile id. */
const BAD = { instanceId: "<script>", action: "open", keyName: "k\u0000" };

beforeEach(async () => {
  handle = await freshDb("pglite");
});
afterEach(async () => {
  await handle.drop();
});

describe("the wrapper's errors in the caller's language", () => {
  it("bad input from a zh-CN browser: Chinese message and field errors; the audit log keeps English", async () => {
    const r = await factory(operator, "zh-CN,zh;q=0.9,en;q=0.5")(setLoginSpec)(BAD);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("Console.InvalidInput");
    expect(r.error.message).toMatch(/^输入无效。/);
    expect(r.error.fieldErrors).toEqual({
      instanceId: "不是有效的 AIC 实例 ID（aic-…）。",
      keyName: "不允许包含控制字符或不可见的格式字符。",
      reason: "请填写原因：工单号或一句话说明。",
      durationMinutes: "请选择登录保持开启的时长。",
    });
    const [event] = await events();
    expect(event).toMatchObject({ outcome: "rejected", error_code: "Console.InvalidInput" });
    expect(event.error_message).toMatch(/^Invalid input\. instanceId: Not an AIC instance id/);
    expect(event.error_message).not.toMatch(HAN);
  });

  it("a user who chose zh-CN reads Chinese whatever the browser sends; zod's own messages too", async () => {
    const user = { ...operator, locale: "zh-CN" as const };
    const r = await factory(user, "en-US")(setLoginSpec)({
      instanceId: "aic-1",
      action: "open",
      keyName: "k",
      durationMinutes: "60",
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.fieldErrors).toEqual({ durationMinutes: "请输入整数分钟。" });
    const strict = await factory(user)({
      name: "key.upload",
      audit: "event",
      input: z.strictObject({ n: z.number().min(5) }),
      handler: async () => "never",
    })({ n: 1, extra: true });
    expect(strict.ok).toBe(false);
    if (!strict.ok) for (const m of Object.values(strict.error.fieldErrors ?? {})) expect(m).toMatch(HAN);
  });

  it.each([
    ["en", "en-US,en;q=0.9"],
    ["no Accept-Language", undefined],
    ["an unknown language", "xx-YY"],
    ["a garbled header", ";;q=,,*"],
  ])("%s: today's English, exactly", async (_what, header) => {
    const r = await factory(operator, header)(setLoginSpec)(BAD);
    expect(r).toEqual({
      ok: false,
      error: {
        code: "Console.InvalidInput",
        message:
          "Invalid input. instanceId: Not an AIC instance id (aic-…).; keyName: Control and invisible formatting characters are not allowed.; reason: Give a reason: a ticket id or a sentence.",
        fieldErrors: {
          instanceId: "Not an AIC instance id (aic-…).",
          keyName: "Control and invisible formatting characters are not allowed.",
          reason: "Give a reason: a ticket id or a sentence.",
          durationMinutes: "Choose how long the login stays open.",
        },
      },
    });
  });

  it("a user who chose English reads English from a zh-CN browser", async () => {
    const r = await factory({ ...operator, locale: "en" }, "zh-CN")(setLoginSpec)(BAD);
    expect(r.ok ? "" : r.error.message).toMatch(/^Invalid input\./);
  });

  it("refusals before the input is read: signed out, and a role that may not", async () => {
    const anonymous = await factory(null, "zh-CN")(setLoginSpec)(BAD);
    expect(anonymous).toEqual({ ok: false, error: { code: "Console.Unauthenticated", message: "您的会话已结束，请重新登录。" } });
    const viewer = await factory({ ...operator, role: "viewer" }, "zh-CN")(setLoginSpec)(BAD);
    expect(viewer).toEqual({ ok: false, error: { code: "Console.Forbidden", message: "您的角色（查看者）无权执行此操作。" } });
    const english = await factory({ ...operator, role: "viewer" })(setLoginSpec)(BAD);
    expect(english).toEqual({ ok: false, error: { code: "Console.Forbidden", message: "Your role (viewer) is not allowed to do this." } });
    expect((await events()).map((e) => e.error_message)).toEqual([
      "Your session has ended. Sign in again.",
      "Your role (viewer) is not allowed to do this.",
      "Your role (viewer) is not allowed to do this.",
    ]);
  });

  it("a failure the handler raises, in both kinds of audit", async () => {
    for (const audit of ["event", "operation"] as const) {
      const run = (lang?: string) =>
        factory(
          operator,
          lang,
        )({
          name: "login.close",
          audit,
          input: z.strictObject({ instanceId: z.string() }),
          handler: async (i: { instanceId: string }) => {
            throw new ConsoleError("Console.LoginNotHeld", `The console holds no open login on ${i.instanceId}.`, undefined, {
              words: { key: "server.loginNotHeld", values: { instanceId: i.instanceId } },
            });
          },
        })({ instanceId: "aic-7" });
      expect(await run("zh-CN")).toMatchObject({
        ok: false,
        error: { code: "Console.LoginNotHeld", message: "控制台在实例 aic-7 上未持有已开启的登录。" },
      });
      expect(await run()).toMatchObject({ ok: false, error: { message: "The console holds no open login on aic-7." } });
    }
    expect((await events()).every((e) => e.error_message === "The console holds no open login on aic-7.")).toBe(true);
  });
});
