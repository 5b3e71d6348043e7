import { parse, TYPE } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { invalidInput } from "@/components/form-errors";
import enMessages from "@/messages/en/validation.json";
import { translator } from "@/lib/i18n/translator";
import { extendLoginInput, adoptLoginInput, setLoginInput } from "../logins/schema";
import { startLoginJobInput, startPowerJobInput } from "../jobs/schema";
import { BAD_CURSOR_MESSAGE } from "../audit/page-cursors";
import { historyFilterSchema } from "../audit/filter";
import { localizeIssues, localizeMessage, safeParseIn, validationWords } from "./localize";
import { PRIVATE_KEY_MESSAGE, uploadKeyInput } from "../keys/schema";
import { shareImageInput } from "../images/schema";
import { signInInput } from "../auth/sign-in-input";
import { uidProblem } from "../images/uid";
import { createUserInput } from "../users/schema";
import { z } from "./zod";
import { accessPolicyInput } from "../policy/schema";
import { breakGlassInput, denyRequestInput, reviewBreakGlassInput } from "../requests/schema";
import { deletePersonalKeyInput, uploadPersonalKeyInput } from "../personal-keys/schema";
import { createScheduleInput } from "../schedules/schema";
import { createDestinationInput, destinationIdInput, replayDestinationInput } from "../outbound/schema";

const HAN = /\p{Script=Han}/u;
const en = translator("en");
const UID = "1234567890123456";

const messagesOf = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  expect(r.success, JSON.stringify(value)).toBe(false);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

/** Bad input for every message the console's schemas write themselves, and the schema that writes it. */
const CASES: [z.ZodType, unknown][] = [
  [setLoginInput, { instanceId: "x", action: "close" }],
  [setLoginInput, { instanceId: "aic-1", action: "open", keyName: "k\u0001", durationMinutes: 60, reason: "TICKET-1" }],
  [setLoginInput, { instanceId: "aic-1", action: "open", keyName: "k".repeat(129), durationMinutes: 60, reason: "TICKET-1" }],
  [setLoginInput, { instanceId: "aic-1", action: "open", durationMinutes: 60, reason: "TICKET-1" }],
  [setLoginInput, { instanceId: "aic-1", action: "open", keyName: "k" }],
  [setLoginInput, { instanceId: "aic-1", action: "open", keyName: "k", durationMinutes: 1.5, noExpiry: true, reason: "ab" }],
  [setLoginInput, { instanceId: "aic-1", action: "open", keyName: "k", durationMinutes: 0, reason: "x".repeat(300) }],
  [setLoginInput, { instanceId: "aic-1", action: "open", keyName: "k", durationMinutes: 5000, reason: "a\u0002bc" }],
  [setLoginInput, { instanceId: "aic-1", action: "open", keyName: "k", durationMinutes: "5", reason: "abc" }],
  [setLoginInput, { instanceId: "aic-1", action: "close", reason: "abc" }],
  [setLoginInput, { instanceId: "aic-1", action: "open", keyName: "k", durationMinutes: 60, noExpiry: true, reason: "abc" }],
  [uploadKeyInput, { keyName: "short", keyType: "", content: "", description: "d" }],
  [uploadKeyInput, { keyName: "-----BEGIN OPENSSH PRIVATE KEY-----", keyType: "ssh-rsa", content: "x".repeat(1100) }],
  [shareImageInput, { imageId: "", users: [] }],
  [shareImageInput, { imageId: `m-${"a".repeat(130)}`, users: ["12345", "123456789012345a", UID, UID] }],
  [shareImageInput, { imageId: "M-X", users: Array.from({ length: 101 }, (_, i) => String(1_000_000_000_000_000 + i)) }],
  [signInInput, { email: "nope", password: "" }],
  [signInInput, { email: "a@b.c", password: "x".repeat(1025) }],
  [createUserInput, { email: "nope", role: "admin" }],
  [historyFilterSchema, { from: "yesterday", to: "2026-02-31", actor: "a\u0003" }],
  [historyFilterSchema, { from: "2026-02-01", to: "2026-01-01" }],
  [extendLoginInput, { instanceId: "aic-1", until: "tomorrow" }],
  [extendLoginInput, { instanceId: "aic-1" }],
  [adoptLoginInput, { instanceId: "aic-1" }],
  [startLoginJobInput, { action: "close", selection: { ids: [] } }],
  [startPowerJobInput, { action: "reset", selection: { ids: ["aic-1"] }, confirm: "no" }],
  [accessPolicyInput, { requestWaitMinutes: 2 }],
  [accessPolicyInput, { requestWaitMinutes: 20_000 }],
  [breakGlassInput, { instanceId: "aic-1", keyName: "k", durationMinutes: 61, reason: "short reason" }],
  [denyRequestInput, { requestId: "x", comment: " " }],
  [reviewBreakGlassInput, { operationId: "00000000-0000-4000-8000-000000000000", comment: "" }],
  [uploadPersonalKeyInput, { name: "bad name!", content: "ssh-ed25519 AAAA" }],
  [deletePersonalKeyInput, { keyName: "nope" }],
  [
    createDestinationInput,
    {
      name: "",
      kind: "dingtalk",
      url: "ftp://x",
      language: "en",
      auditStream: false,
      notifications: false,
      filter: ["LOGIN", ...Array.from({ length: 50 }, () => "a".repeat(65))],
    },
  ],
  [
    createDestinationInput,
    { name: "n", kind: "webhook", url: "https://x.test/h", secret: "s".repeat(201), auditStream: true, notifications: false, filter: [] },
  ],
  [
    createDestinationInput,
    { name: "n".repeat(81), kind: "webhook", url: `https://x.test/${"p".repeat(2000)}`, auditStream: true, notifications: false },
  ],
  [
    createDestinationInput,
    { name: "n", kind: "dingtalk", url: "https://x.test/h", auditStream: false, notifications: false, filter: ["LOGIN"] },
  ],
  [createDestinationInput, { name: "n", kind: "dingtalk", url: "https://x.test/h", auditStream: false, notifications: false }],
  [destinationIdInput, { destinationId: "x" }],
  [replayDestinationInput, { destinationId: "00000000-0000-4000-8000-000000000000", fromSeq: 1.5, fromTime: "yesterday" }],
  [replayDestinationInput, { destinationId: "00000000-0000-4000-8000-000000000000", fromSeq: 0 }],
  [replayDestinationInput, { destinationId: "00000000-0000-4000-8000-000000000000" }],
  [
    createScheduleInput,
    {
      name: "",
      viewId: "x",
      action: "login.open",
      repeat: "0 2 * *",
      runAt: "tomorrow",
      timeZone: "Mars/Olympus",
      reason: "TICKET-1",
      maxInstances: 0,
      maxConcurrent: 0,
      maxPerSecond: 0,
      stopFailuresCount: 0,
      stopFailuresPercent: 101,
      graceMinutes: -1,
    },
  ],
  [
    createScheduleInput,
    {
      name: "n",
      viewId: "00000000-0000-4000-8000-000000000000",
      action: "instance.reboot",
      durationMinutes: 5,
      timeZone: "UTC",
      reason: "TICKET-1",
      maxInstances: 200_000,
      maxConcurrent: 500,
      maxPerSecond: 500,
      graceMinutes: 5000,
    },
  ],
  [
    createScheduleInput,
    {
      name: "n",
      viewId: "00000000-0000-4000-8000-000000000000",
      action: "login.open",
      repeat: "0 25 * * *",
      timeZone: "UTC",
      reason: "TICKET-1",
      maxInstances: "x",
      maxConcurrent: 1.5,
      maxPerSecond: "y",
    },
  ],
  [
    createScheduleInput,
    {
      name: "n",
      viewId: "00000000-0000-4000-8000-000000000000",
      action: "instance.reboot",
      repeat: "0 0 31 2 *",
      timeZone: "UTC",
      reason: "TICKET-1",
      maxInstances: 1,
      maxConcurrent: 1,
      maxPerSecond: 1,
    },
  ],
  [
    createScheduleInput,
    {
      name: "n",
      viewId: "00000000-0000-4000-8000-000000000000",
      action: "instance.reboot",
      repeat: "0 25 * * *",
      timeZone: "UTC",
      reason: "TICKET-1",
      maxInstances: 1,
      maxConcurrent: 1,
      maxPerSecond: 1,
    },
  ],
];

describe("validation messages", () => {
  it("take simple arguments only (validation/localize reads them back by pattern)", () => {
    for (const [key, text] of Object.entries(enMessages)) {
      const simple = parse(text).every((e) => e.type === TYPE.literal || e.type === TYPE.argument);
      expect(simple, key).toBe(true);
    }
  });

  it("each English message, filled in, is found again under its own key", () => {
    for (const [key, text] of Object.entries(enMessages)) {
      const values = Object.fromEntries([...text.matchAll(/\{(\w+)\}/g)].map(([, n]) => [n, "42"]));
      const english = en(`validation.${key}` as "validation.required", values as never);
      expect(validationWords(english), key).toEqual({ key, values });
    }
  });

  it("every message the schemas write has its key, said in Chinese", () => {
    const seen = new Set<string>();
    for (const [schema, value] of CASES) {
      for (const message of messagesOf(schema, value)) {
        if (/^(Invalid|Too (big|small)|Unrecognized)/.test(message)) continue; // zod's own
        const words = validationWords(message);
        expect(words, message).toBeDefined();
        seen.add(words!.key);
        expect(localizeMessage(message, "zh-CN"), message).toMatch(HAN);
      }
    }
    for (const text of [uidProblem("12345")!, uidProblem("12a")!, BAD_CURSOR_MESSAGE, PRIVATE_KEY_MESSAGE, "Check the values below."]) {
      seen.add(validationWords(text)!.key);
      expect(localizeMessage(text, "zh-CN")).toMatch(HAN);
    }
    // Every key is one the console writes (no stale keys).
    expect(Object.keys(enMessages).filter((k) => !seen.has(k))).toEqual([]);
  });

  it("fills a message's arguments in Chinese", () => {
    expect(localizeMessage("At least 3 characters: a ticket id or a sentence.", "zh-CN")).toBe("至少 3 个字符：填写工单号或一句话说明。");
    expect(localizeMessage(uidProblem("12345")!, "zh-CN")).toBe("账号 UID 必须是 16 位数字，当前为 5 位。");
    expect(localizeMessage("At most 1024 characters.", "zh-CN")).toBe("最多 1024 个字符。");
  });

  it("leaves English and unknown text as it is", () => {
    expect(localizeMessage("Give a reason: a ticket id or a sentence.", "en")).toBe("Give a reason: a ticket id or a sentence.");
    expect(localizeMessage("Something nobody wrote.", "zh-CN")).toBe("Something nobody wrote.");
  });

  it("says zod's own messages in zod's Chinese, per parse (never globally)", () => {
    const schema = z.strictObject({ name: z.string().min(2), n: z.number() });
    const r = safeParseIn(schema, { name: "a", n: "x", extra: 1 }, "zh-CN");
    expect(r.success).toBe(false);
    const messages = r.success ? [] : r.error.issues.map((i) => i.message);
    expect(messages.length).toBe(3);
    for (const m of messages) expect(m).toMatch(HAN);
    // The next parse, without a locale, is English again.
    const again = schema.safeParse({ name: "a", n: 1 });
    expect(again.success ? "" : again.error.issues[0].message).toMatch(/^Too small/);
    // Issues parsed in English are mapped the same way.
    const english = schema.safeParse({ name: "a", n: 1 });
    expect(english.success ? "" : localizeIssues(english.error.issues, "zh-CN")[0].message).toMatch(HAN);
  });

  it("the client forms' invalidInput speaks the form's language", () => {
    const r = setLoginInput.safeParse({ instanceId: "aic-1", action: "open", keyName: "k" });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(invalidInput(r.error)).toEqual({
      code: "Console.InvalidInput",
      message: "Check the values below.",
      fieldErrors: { reason: "Give a reason: a ticket id or a sentence.", durationMinutes: "Choose how long the login stays open." },
    });
    expect(invalidInput(r.error, "zh-CN")).toEqual({
      code: "Console.InvalidInput",
      message: "请检查下方的输入。",
      fieldErrors: { reason: "请填写原因：工单号或一句话说明。", durationMinutes: "请选择登录保持开启的时长。" },
    });
  });
});
