import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "@/lib/i18n/messages";
import type { ItemCounts } from "@/lib/jobs/types";
import { canRetry, canRevert } from "../follow-up-rules";
import { selectionText } from "../selection-text";
import { stopReasonText } from "../stop-reason";

const t = (locale: "en" | "zh-CN") => createTranslator({ locale, messages: MESSAGES[locale], namespace: "operations" });
const ID = "0b6c1a52-93a1-4c54-9a43-6a2d4f0e8c11";
const counts = (c: Partial<ItemCounts>): ItemCounts => ({ pending: 0, running: 0, ok: 0, failed: 0, unknown: 0, cancelled: 0, ...c });

// The texts lib/jobs/follow-up.ts and lib/jobs/job-rate.ts store, in English.
const retried = `1 failed of operation ${ID}`;
const reverted = `2 changed by operation ${ID}`;
const stoppedCount = "Stopped: 3 of 10 items failed (more than 2 failed).";
const stoppedPercent = "Stopped: 2 of 10 items failed (more than 10% failed).";

describe("a follow-up's selection and the stop reason", () => {
  it("read as stored in English", () => {
    expect(selectionText(t("en"), retried)).toBe(retried);
    expect(selectionText(t("en"), reverted)).toBe(reverted);
    expect(stopReasonText(t("en"), stoppedCount)).toBe(stoppedCount);
    expect(stopReasonText(t("en"), stoppedPercent)).toBe(stoppedPercent);
  });

  it("read in Chinese, the id as stored", () => {
    expect(selectionText(t("zh-CN"), retried)).toBe(`操作 ${ID} 中失败的 1 个实例`);
    expect(stopReasonText(t("zh-CN"), stoppedPercent)).toBe("已停止：10 个条目中有 2 个失败（超过 10% 失败）。");
  });

  it("any other message is left to the recorded text", () => {
    expect(stopReasonText(t("en"), "NoPermission")).toBeNull();
    expect(stopReasonText(t("en"), null)).toBeNull();
  });
});

describe("which follow-ups an operation offers", () => {
  const op = {
    id: ID,
    kind: "login.open" as const,
    state: "finished" as const,
    counts: counts({ ok: 2, failed: 1 }),
    startedBySystem: false,
  };
  it("an ended open with failures: both", () => {
    expect([canRetry(op), canRevert(op)]).toEqual([true, true]);
  });
  it("none while it runs, none for the console's own, no revert of a reboot or an offboarding", () => {
    expect([canRetry({ ...op, state: "running" }), canRevert({ ...op, state: "running" })]).toEqual([false, false]);
    expect([canRetry({ ...op, startedBySystem: true }), canRevert({ ...op, startedBySystem: true })]).toEqual([false, false]);
    expect(canRevert({ ...op, kind: "instance.reboot" })).toBe(false);
    expect(canRevert({ ...op, kind: "user.offboard" })).toBe(false);
    expect(canRetry({ ...op, counts: counts({ ok: 3 }) })).toBe(false);
  });
});
