import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "@/lib/i18n/messages";
import type { ItemCounts, JobState } from "@/lib/jobs/types";
import { statusText as serverText } from "@/lib/jobs/view";
import { statusText } from "../status-text";

const t = (locale: "en" | "zh-CN") => createTranslator({ locale, messages: MESSAGES[locale], namespace: "operations" });
const counts = (c: Partial<ItemCounts>): ItemCounts => ({ pending: 0, running: 0, ok: 0, failed: 0, unknown: 0, cancelled: 0, ...c });

const cases: [JobState, number, ItemCounts][] = [
  ["running", 50, counts({ ok: 3, failed: 1, pending: 46 })],
  ["queued", 2, counts({ pending: 2 })],
  ["finished", 30, counts({ ok: 25, failed: 5 })],
  ["finished", 3, counts({ ok: 1, failed: 0, unknown: 2 })],
  ["cancelled", 1200, counts({ ok: 1000, failed: 1, unknown: 2, cancelled: 197 })],
];

describe("operation status text", () => {
  it.each(cases)("in English is the server's own (%s of %i)", (state, total, c) => {
    const done = c.ok + c.failed + c.unknown + c.cancelled;
    expect(statusText(t("en"), { state, total, done, counts: c })).toBe(serverText(state, total, c));
  });

  it("reads in Chinese", () => {
    const zh = t("zh-CN");
    expect(statusText(zh, { state: "running", total: 50, done: 4, counts: cases[0][2] })).toBe("已完成 4/50");
    expect(statusText(zh, { state: "cancelled", total: 1200, done: 1200, counts: cases[4][2] })).toBe(
      "1000 个成功，1 个失败，2 个未知，197 个已取消",
    );
  });
});
