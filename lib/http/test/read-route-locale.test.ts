// readRoute answers in the caller's language, as the action wrapper does.
import { describe, expect, it, vi } from "vitest";
import type { ActiveUser } from "@/lib/auth/session";
import { ConsoleError } from "@/lib/errors";

const session = vi.hoisted(() => {
  process.env.CONSOLE_DATA_DIR = "memory://";
  return { user: null as ActiveUser | null };
});
vi.mock("@/lib/auth/session", () => ({ getActiveUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "vitest", "x-forwarded-for": "198.51.100.30" }) }));

const { readRoute } = await import("../read-route");

const VIEWER: ActiveUser = { id: "00000000-0000-4000-8000-0000000000c1", email: "viewer@route.test", role: "viewer", name: null };
const get = (lang?: string) => new Request("http://127.0.0.1/api/x", { headers: lang ? { "accept-language": lang } : {} });

describe("readRoute's errors", () => {
  const route = readRoute("history.export", async (_req, _user, _ctx, locale) => {
    throw new ConsoleError("Console.RateLimited", "Too many reads from ENS in a short time. Try again in 9 s.", true, {
      words: { key: "server.readsThrottled", values: { wait: 9 } },
      details: { locale },
    });
  });
  const json = async (res: Response) => ((await res.json()) as { error: Record<string, unknown> }).error;

  it("signed out and denied: Chinese for a zh-CN browser, today's English otherwise", async () => {
    session.user = null;
    expect(await json(await route(get("zh-CN"), undefined))).toEqual({
      code: "Console.Unauthenticated",
      message: "您的会话已结束，请重新登录。",
    });
    expect(await json(await route(get(), undefined))).toEqual({
      code: "Console.Unauthenticated",
      message: "Your session has ended. Sign in again.",
    });
    session.user = VIEWER;
    expect(await json(await route(get("zh"), undefined))).toEqual({
      code: "Console.Forbidden",
      message: "您的角色（查看者）无权执行此操作。",
    });
    expect(await json(await route(get("en"), undefined))).toEqual({
      code: "Console.Forbidden",
      message: "Your role (viewer) is not allowed to do this.",
    });
    session.user = { ...VIEWER, locale: "zh-CN" };
    expect((await json(await route(get("en"), undefined))).message).toBe("您的角色（查看者）无权执行此操作。");
  });

  it("a handler's failure, and the handler is told the language", async () => {
    session.user = { ...VIEWER, role: "auditor" };
    const zh = await route(get("zh-CN"), undefined);
    expect(zh.status).toBe(429);
    expect(await json(zh)).toEqual({
      code: "Console.RateLimited",
      message: "短时间内从 ENS 读取的次数过多，请在 9 秒后重试。",
      retryable: true,
      details: { locale: "zh-CN" },
    });
    expect(await json(await route(get(), undefined))).toMatchObject({
      message: "Too many reads from ENS in a short time. Try again in 9 s.",
      details: { locale: "en" },
    });
  });
});
