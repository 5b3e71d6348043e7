import { describe, expect, it } from "vitest";
import { localizeMessage } from "@/lib/validation/localize";
import { reason } from "@/lib/logins/schema";
import { uploadKeyInput } from "@/lib/keys/schema";
import { historyFilterSchema } from "@/lib/audit/filter";
import { startLoginJobInput, jobListFilter } from "@/lib/jobs/schema";
import { isPlainText, PLAIN_TEXT_MESSAGE } from "@/lib/validation/plain-text";
import { NOT_PLAIN, PLAIN } from "./corpus";

const C0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i));
const C1 = Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)); // DEL and U+0080–U+009F

describe("the plain-text rule", () => {
  it("refuses every control, format and separator character and malformed text, inside a word", () => {
    for (const c of [...C0, ...C1]) expect(isPlainText(`a${c}b`), `U+${c.charCodeAt(0).toString(16)}`).toBe(false);
    for (const s of NOT_PLAIN) expect(isPlainText(s), JSON.stringify(s)).toBe(false);
  });

  it("keeps other scripts, emoji, accents and no-break spaces", () => {
    for (const s of PLAIN) expect(isPlainText(s), s).toBe(true);
  });

  it("lets key material keep its lines, and nothing else", () => {
    expect(isPlainText("ssh-rsa AAAA\r\n\tmore", { lines: true })).toBe(true);
    for (const s of [...NOT_PLAIN, "nul\u0000", "esc\u001b[0m", "nel\u0085"])
      expect(isPlainText(s, { lines: true }), JSON.stringify(s)).toBe(false);
  });

  it("is the one message on every free-text field, in English and in Chinese", () => {
    const refused = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues.map((i) => i.message);
    const rlo = "TICKET-\u202E1-gpj.exe";
    expect(refused(reason.safeParse(rlo))).toEqual([PLAIN_TEXT_MESSAGE]);
    expect(refused(historyFilterSchema.safeParse({ q: rlo }))).toEqual([PLAIN_TEXT_MESSAGE]);
    expect(refused(uploadKeyInput.safeParse({ keyName: "support-\u200Bkey", keyType: "adb", content: "ssh-rsa AAAA" }))).toEqual([
      PLAIN_TEXT_MESSAGE,
    ]);
    expect(
      refused(
        startLoginJobInput.safeParse({
          action: "open",
          selection: { ids: ["aic-1"] },
          keyName: "k",
          durationMinutes: 5,
          reason: rlo,
        }),
      ),
    ).toEqual([PLAIN_TEXT_MESSAGE]);
    // A read filter drops what it refuses, like its other unknown values.
    expect(jobListFilter.parse({ actor: "a\u202Eb@x.test" }).actor).toBeUndefined();
    expect(localizeMessage(PLAIN_TEXT_MESSAGE, "zh-CN")).toBe("不允许包含控制字符或不可见的格式字符。");
  });
});
