import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "@/lib/i18n/messages";
import type { Locale } from "@/lib/i18n/locales";
import type { LoginLeaseView } from "@/lib/logins/view";
import { closesAtSentence, formatSpan, leaseLabel, leaseServerLabel, openedBySentence, type TimeWords } from "../login-time";

const words = (locale: Locale): TimeWords => ({
  t: createTranslator({ locale, messages: MESSAGES[locale], namespace: "instances.time" }),
  locale,
});
const en = words("en");
const zh = words("zh-CN");

const lease = (patch: Partial<LoginLeaseView> = {}): LoginLeaseView => ({
  expiresAt: "2026-03-02T14:32:00.000Z",
  openedAt: "2026-03-02T13:32:00.000Z",
  openedBy: "alice@example.com",
  reason: "TICKET-42",
  state: "active",
  lastError: null,
  auditOperationId: null,
  adopted: false,
  ...patch,
});

describe("login-time", () => {
  it("words spans as the countdowns always did in English, and in Chinese", () => {
    const spans = [35_000, 42 * 60_000, 125 * 60_000, 180 * 60_000];
    expect(spans.map((ms) => formatSpan(en, ms))).toEqual(["35 s", "42 min", "2 h 5 min", "3 h"]);
    expect(spans.map((ms) => formatSpan(zh, ms))).toEqual(["35 秒", "42 分钟", "2 小时 5 分钟", "3 小时"]);
  });

  it("labels a lease", () => {
    const now = Date.parse("2026-03-02T13:50:00.000Z");
    expect(leaseLabel(en, lease(), now)).toBe("closes in 42 min");
    expect(leaseLabel(zh, lease(), now)).toBe("42 分钟后关闭");
    expect(leaseLabel(en, lease({ expiresAt: null }), now)).toBe("no expiry");
    expect(leaseLabel(en, lease({ state: "failed" }), now)).toBe("expiry failed: still open");
    expect(leaseLabel(en, lease({ state: "closing" }), now)).toBe("closing…");
    expect(leaseServerLabel(en, lease())).toBe("closes at 14:32 UTC");
    expect(leaseServerLabel(zh, lease())).toBe("将于 14:32 UTC 关闭");
  });

  it("says who opened it and why", () => {
    expect(openedBySentence(en, lease())).toBe("opened by alice@example.com: TICKET-42");
    expect(openedBySentence(en, lease({ reason: "" }))).toBe("opened by alice@example.com");
    expect(openedBySentence(en, lease({ openedBy: null }))).toBe("opened: TICKET-42");
    expect(openedBySentence(zh, lease({ openedBy: null, reason: "" }))).toBe("已开启");
  });

  it("words when a login closes", () => {
    const now = Date.now();
    expect(closesAtSentence(en, now + 60 * 60_000, now)).toMatch(/^Closes at .+ \(in 1 h\)$/);
    expect(closesAtSentence(zh, now + 60 * 60_000, now)).toMatch(/^将于 .+ 关闭（1 小时后）$/);
  });
});
