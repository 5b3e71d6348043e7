import { describe, expect, it } from "vitest";
import { MAX_LANGUAGE_RANGES, negotiateLocale } from "../negotiate";
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
    ["zh-TW", "zh-CN"],
    ["ja,zh-Hant;q=0.8", "zh-CN"],
    ["en-GB", "en"],
    ["fr,en;q=0.1,zh;q=0.5", "zh-CN"],
    ["zh;q=0,en;q=0.2", "en"],
    ["en;q=0.5,zh;q=0.5", "en"],
    ["zh;q=1.5", "en"],
  ])("Accept-Language %j → %s", (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });

  it(`reads at most ${MAX_LANGUAGE_RANGES} ranges of a header, however long it is`, () => {
    const filler = Array.from({ length: 1000 }, (_, i) => `x${i.toString(36)}-a${i}`);
    expect(negotiateLocale([...filler, "zh"].join(","))).toBe("en");
    expect(negotiateLocale(["zh;q=0.1", ...filler].join(","))).toBe("zh-CN");
    expect(negotiateLocale(`zh-${"a".repeat(20_000)}`)).toBe("en");
  });

  it("the user's choice wins over the browser's, and no choice follows the browser", () => {
    expect(localeFor({ locale: "en" }, "zh-CN")).toBe("en");
    expect(localeFor({ locale: "zh-CN" }, "en-US")).toBe("zh-CN");
    expect(localeFor({ locale: null }, "zh-CN")).toBe("zh-CN");
    expect(localeFor(null, null)).toBe("en");
  });
});
