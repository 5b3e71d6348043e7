import { describe, expect, it } from "vitest";
import { negotiateLocale } from "../negotiate";
import { localeFor } from "../locale-for";

describe("the console language", () => {
  it.each([
    ["zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"],
    ["zh", "zh-CN"],
    ["zh-Hans-CN", "zh-CN"],
    ["en-US,en;q=0.9", "en"],
    ["de,zh;q=0.5", "zh-CN"],
    ["fr-FR", "en"],
    ["*", "en"],
    ["", "en"],
    ["x;;;q=abc,\u0000", "en"],
  ])("Accept-Language %j → %s", (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });

  it("the user's choice wins over the browser's, and no choice follows the browser", () => {
    expect(localeFor({ locale: "en" }, "zh-CN")).toBe("en");
    expect(localeFor({ locale: "zh-CN" }, "en-US")).toBe("zh-CN");
    expect(localeFor({ locale: null }, "zh-CN")).toBe("zh-CN");
    expect(localeFor(null, null)).toBe("en");
  });
});
