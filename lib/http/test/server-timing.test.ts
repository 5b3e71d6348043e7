// Where a read route's time goes: its steps in Server-Timing (outside production builds, or where
// CONSOLE_SERVER_TIMING says so) and in its log line.
import { describe, expect, it, vi } from "vitest";
import type { ActiveUser } from "@/lib/auth/session";
import { addStep, serverTiming } from "@/lib/log/steps";

const session = vi.hoisted(() => {
  process.env.CONSOLE_DATA_DIR = "memory://";
  return { user: null as ActiveUser | null };
});
vi.mock("@/lib/auth/session", () => ({ getActiveUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "vitest", "x-forwarded-for": "198.51.100.31" }) }));

const { readRoute } = await import("../read-route");
const VIEWER: ActiveUser = { id: "00000000-0000-4000-8000-0000000000c9", email: "viewer@timing.test", role: "viewer", name: null };

describe("Server-Timing", () => {
  it("names the caller, the handler and what the handler waited for, and the total", async () => {
    session.user = VIEWER;
    const route = readRoute("fleet.read", async () => {
      addStep("db", 2);
      await new Promise((r) => setTimeout(r, 20));
      return Response.json({ ok: true });
    });
    const res = await route(new Request("http://127.0.0.1/api/fleet"), undefined);
    const header = res.headers.get("server-timing") ?? "";
    const dur = Object.fromEntries(header.split(", ").map((p) => [p.split(";")[0], Number(p.split("dur=")[1])]));
    expect(Object.keys(dur)).toEqual(["caller", "db", "handler", "total"]);
    expect(dur.db).toBe(2);
    expect(dur.handler).toBeGreaterThanOrEqual(19);
    expect(dur.total).toBeGreaterThanOrEqual(dur.handler);
  });

  it("is one header value with a duration per step", () => {
    expect(serverTiming({ caller: 1.234, handler: 20 }, 22.06)).toBe("caller;dur=1.2, handler;dur=20.0, total;dur=22.1");
  });
});
