import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "@/lib/i18n/messages";
import type { LoginAsk, ShareAsk } from "@/lib/requests/view";
import { askText } from "../ask-text";
import { requestHistoryHref, requestsHref, shortId } from "../href";

const tr = (locale: "en" | "zh-CN") => createTranslator({ locale, messages: MESSAGES[locale], namespace: "requests" });
const tOps = (locale: "en" | "zh-CN") => createTranslator({ locale, messages: MESSAGES[locale], namespace: "operations" });
const say = (locale: "en" | "zh-CN", ask: LoginAsk | ShareAsk) => askText(tr(locale), tOps(locale), ask);

const login = (a: Partial<LoginAsk>): LoginAsk => ({
  kind: "login",
  selection: "aic-1",
  instanceIds: ["aic-1"],
  count: 1,
  keyName: "support-key",
  keyGroup: null,
  durationMinutes: 60,
  ...a,
});
const share: ShareAsk = { kind: "share", imageId: "m-123", users: ["1001", "1002", "1003"] };

describe("what a request asks, in one line", () => {
  it("a login on one instance", () => {
    expect(say("en", login({}))).toBe("aic-1, key support-key, 60 min");
    expect(say("zh-CN", login({}))).toBe("aic-1，公钥 support-key，60 分钟");
  });

  it("ticked instances: the first and how many more; a key group", () => {
    const ask = login({
      selection: "3 selected instances",
      instanceIds: ["aic-1", "aic-2", "aic-3"],
      count: 3,
      keyName: null,
      keyGroup: "ops",
    });
    expect(say("en", ask)).toBe("aic-1 and 2 more, key group ops, 60 min");
    expect(say("zh-CN", ask)).toBe("aic-1 等 2 个，公钥组 ops，60 分钟");
  });

  it("all matching a filter: the stored selection in the viewer's language", () => {
    const ask = login({ selection: "all 40 instances matching ?state=running", instanceIds: [], count: 40, durationMinutes: 30 });
    expect(say("en", ask)).toBe("all 40 instances matching ?state=running, key support-key, 30 min");
    expect(say("zh-CN", ask)).toBe("匹配 ?state=running 的全部 40 个实例，公钥 support-key，30 分钟");
  });

  it("more ids than listed falls back to the selection", () => {
    const ask = login({ selection: "80 selected instances", instanceIds: ["aic-1", "aic-2"], count: 80 });
    expect(say("en", ask)).toBe("80 selected instances, key support-key, 60 min");
  });

  it("an image share: the image and how many user IDs", () => {
    expect(say("en", share)).toBe("image m-123, 3 user IDs");
    expect(say("en", { ...share, users: ["1001"] })).toBe("image m-123, 1 user ID");
    expect(say("zh-CN", share)).toBe("镜像 m-123，3 个用户 ID");
  });
});

describe("request links", () => {
  it("keeps the filter in the URL, the default tab left out", () => {
    expect(requestsHref({ tab: "mine" })).toBe("/requests");
    expect(requestsHref({ tab: "approve", state: "pending", kind: "login" })).toBe("/requests?tab=approve&state=pending&kind=login");
    expect(requestsHref({ tab: "all", before: "2026-01-01T00:00:00.000Z|abc" })).toBe(
      "/requests?tab=all&before=2026-01-01T00%3A00%3A00.000Z%7Cabc",
    );
  });

  it("the History of a request is its target filter", () => {
    expect(requestHistoryHref("0f0e-1")).toBe("/history?target=0f0e-1");
    expect(shortId("12345678-aaaa-4bbb-8ccc-000000000000")).toBe("12345678");
  });
});
