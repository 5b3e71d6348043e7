import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "@/lib/i18n/messages";
import { describeSelection } from "@/lib/jobs/start-job";
import { selectionText } from "../selection-text";

const t = (locale: "en" | "zh-CN") => createTranslator({ locale, messages: MESSAGES[locale], namespace: "operations" });

const stored = [
  describeSelection({ ids: ["aic-1"] }),
  describeSelection({ ids: ["aic-1", "aic-2", "aic-3"] }),
  describeSelection({ filter: "state=running&node=cn-a", expected: 40 }),
  describeSelection({ filter: "", expected: 1200 }),
  "7 logins past their expiry",
];

describe("operation selection text", () => {
  it.each(stored)("in English is the stored text: %s", (s) => {
    expect(selectionText(t("en"), s)).toBe(s);
  });

  it("reads in Chinese, ids and filters as stored", () => {
    expect(stored.map((s) => selectionText(t("zh-CN"), s))).toEqual([
      "aic-1",
      "已选择的 3 个实例",
      "匹配 ?state=running&node=cn-a 的全部 40 个实例",
      "全部 1200 个实例（无筛选条件）",
      "7 个已过到期时间的登录",
    ]);
  });
});
