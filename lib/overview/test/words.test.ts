import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "@/lib/i18n/messages";
import { allCount, facetCount, failedCount, loginCount, OVERVIEW_LOGINS, unknownCount, unresolvedCount } from "../view";
import { countWords } from "../words";

const t = (locale: "en" | "zh-CN") => createTranslator({ locale, messages: MESSAGES[locale], namespace: "overview" });

describe("overview words", () => {
  it("names the operation counts as the History links they open", () => {
    const en = t("en");
    expect([allCount(1), failedCount(1234), unknownCount(0), unresolvedCount(2)].map((c) => countWords(en, c))).toEqual([
      { label: "All operations", name: "1 operation in the last 24 h" },
      { label: "Failed", name: "1,234 failed operations in the last 24 h" },
      { label: "Outcome unknown", name: "0 operations with an unknown outcome in the last 24 h" },
      { label: "Unknown, not resolved yet (any age)", name: "2 unknown outcomes not resolved yet" },
    ]);
  });

  it("begins every name with the number in Chinese too", () => {
    const zh = t("zh-CN");
    const counts = [
      facetCount("node", "cn-a", 1234),
      facetCount("spec", "", 2),
      ...OVERVIEW_LOGINS.map((l) => loginCount(l, 3)),
      allCount(5),
    ];
    for (const c of counts) expect(countWords(zh, c).name).toMatch(new RegExp(`^${c.count.toLocaleString("zh-CN")} `));
    expect(countWords(zh, facetCount("state", "", 1)).label).toBe("（无）");
    expect(countWords(zh, facetCount("state", "running", 2))).toEqual({ label: "运行中", name: "2 个实例的状态为 运行中" });
    expect(countWords(zh, facetCount("state", "melting", 2)).label).toBe("melting");
  });
});
