import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { ReadBudget } from "@/lib/abuse/read-budget";
import { inProgressError } from "@/lib/audit/audited-operation";
import { deniedReason, PERMISSIONS, roleLabel } from "@/lib/auth/permissions";
import { EnsError, type EnsClient } from "@/lib/ens";
import {
  CONSOLE_ERRORS,
  ConsoleError,
  ENS_ERRORS,
  toActionError,
  wordsOf,
  type ActionError,
  type ErrorMessageKey,
  type MessageWords,
} from "@/lib/errors";
import { shareImageSpec } from "@/lib/images/actions";
import type { ShareOutcome } from "@/lib/images/view";
import { deleteKey } from "@/lib/keys/delete-key";
import type { ActionContext } from "@/lib/action-spec";
import { errorCodeKey } from "../../i18n/error-key";
import { localizeError, renderWords } from "../localize-error";
import { MESSAGES } from "../../i18n/messages";
import { translator } from "../../i18n/translator";

// The share handler asks the access policy first; these cases are about its failures.
vi.mock("@/lib/policy/policy", () => ({ requireDirect: async () => {} }));

const HAN = /\p{Script=Han}/u;
const en = translator("en");
const zh = translator("zh-CN");

/** Runs `f` and returns what it threw. */
async function thrown(f: () => unknown): Promise<unknown> {
  try {
    await f();
  } catch (e) {
    return e;
  }
  throw new Error("nothing was thrown");
}

/** The error as the wrapper returns it: its words said in English must be its English message. */
function saysItsEnglish(error: ActionError) {
  const words = wordsOf(error);
  expect(words, `${error.code} carries words`).toBeDefined();
  expect(renderWords(words!, "en")).toBe(error.message);
  return words!;
}

describe("the errors namespace", () => {
  it.each(Object.entries({ ...CONSOLE_ERRORS, ...ENS_ERRORS }))("%s has its key, its English exactly today's message", (code, info) => {
    const key = `errors.${errorCodeKey(code)}` as "errors.codes.Console_Internal";
    expect(en.has(key)).toBe(true);
    expect(en(key)).toBe(info.message);
    expect(zh(key)).toMatch(HAN);
  });

  it("holds no code key that lib/errors does not know", () => {
    const known = new Set(Object.keys({ ...CONSOLE_ERRORS, ...ENS_ERRORS }).map((c) => errorCodeKey(c).slice("codes.".length)));
    expect(Object.keys(MESSAGES.en.errors.codes).filter((k) => !known.has(k))).toEqual([]);
  });
});

describe("localizeError", () => {
  it("returns English errors unchanged", () => {
    const e = toActionError(
      new ConsoleError("Console.NotFound", "No user a@b.", undefined, { words: { key: "server.noUser", values: { email: "a@b" } } }),
    );
    expect(localizeError(e, "en")).toBe(e);
  });

  it("says a message by its words, a code's default by the code, and leaves ENS's own words and details as ENS said them", () => {
    const byWords = toActionError(
      new ConsoleError("Console.NotFound", "No user a@b.", undefined, { words: { key: "server.noUser", values: { email: "a@b" } } }),
    );
    expect(localizeError(byWords, "zh-CN").message).toBe("用户 a@b 不存在。");

    expect(localizeError(toActionError(new ConsoleError("Console.LoginClosing")), "zh-CN").message).toBe(
      zh("errors.codes.Console_LoginClosing"),
    );

    const known = toActionError(new EnsError({ code: "NoPermission", message: "Permission denied.", requestId: "R-1" }));
    expect(localizeError(known, "zh-CN")).toEqual({ ...known, message: zh("errors.codes.NoPermission") });
    expect(localizeError(known, "zh-CN").detail).toBe("Permission denied.");

    const throttled = toActionError(new EnsError({ code: "Throttling.Region", message: "Request was denied due to region flow control." }));
    expect(localizeError(throttled, "zh-CN").message).toBe(zh("errors.codes.Throttling"));

    const unknown = toActionError(new EnsError({ code: "Interface.Call.Failed", message: "The key name is taken.", requestId: "R-9" }));
    expect(localizeError(unknown, "zh-CN")).toEqual(unknown);

    // A ConsoleError whose English is its own, with no words, stays as written (nothing to guess from).
    const custom = toActionError(new ConsoleError("Console.KeyInUse", "Still delivered."));
    expect(localizeError(custom, "zh-CN").message).toBe("Still delivered.");
  });

  it("keeps Console.Internal's reference in every language", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const e = toActionError(new Error("boom"));
    log.mockRestore();
    const ref = e.message.split("Reference: ")[1];
    expect(ref).toMatch(/^[0-9a-f-]{36}$/);
    saysItsEnglish(e);
    const out = localizeError(e, "zh-CN").message;
    expect(out).toMatch(HAN);
    expect(out.endsWith(ref)).toBe(true);
  });

  it("carries words invisibly: not in JSON, not an own enumerable field", () => {
    const e = toActionError(
      new ConsoleError("Console.NotFound", "No such operation.", undefined, { words: { key: "server.noOperation" } }),
    );
    expect(Object.keys(e)).toEqual(["code", "message", "retryable"]);
    expect(JSON.parse(JSON.stringify(e))).toEqual({ code: "Console.NotFound", message: "No such operation.", retryable: false });
  });
});

describe("each custom sentence the console raises says its English through its words", () => {
  it("the read budget", () => {
    const budget = new ReadBudget(1, 60_000, () => 0);
    budget.charge("u");
    let e: unknown;
    try {
      budget.charge("u");
    } catch (err) {
      e = err;
    }
    const out = toActionError(e);
    expect(out.message).toBe("Too many reads from ENS in a short time. Try again in 60 s.");
    saysItsEnglish(out);
    expect(localizeError(out, "zh-CN").message).toBe("短时间内从 ENS 读取的次数过多，请在 60 秒后重试。");
  });

  it("a delivered key", async () => {
    const client = { listAllPublicKeyDeliveries: async () => [{}, {}] } as unknown as EnsClient;
    const out = toActionError(await thrown(() => deleteKey(client, "ops-key-1")));
    expect(out.message).toBe("Key ops-key-1 is still delivered to 2 instance(s). Close login on them first.");
    saysItsEnglish(out);
    expect(localizeError(out, "zh-CN").message).toMatch(/ops-key-1.*2 个实例/);
  });

  it("another change in progress", () => {
    for (const [target, by] of [
      ["aic-1", "a@b"],
      [undefined, null],
    ] as const) {
      const out = inProgressError(target, by);
      saysItsEnglish(out);
      expect(localizeError(out, "zh-CN").message).toMatch(HAN);
    }
    expect(localizeError(inProgressError(undefined, null), "zh-CN").message).toBe("其他用户正在对此目标进行另一项更改，请在其完成后重试。");
  });

  describe("a share that failed", () => {
    const IMG = "m-1f2561e52a9e0854487599d9408c519";
    const uids = (n: number) => Array.from({ length: n }, (_, i) => String(1_000_000_000_000_000 + i));
    const ctx = { setEnsRequestId() {}, decided() {}, user: { role: "operator" } } as unknown as ActionContext;
    const share = async (fail: (call: number) => EnsError | null, users: string[]) => {
      let call = 0;
      const client = {
        shareAicImage: async () => {
          const e = fail(++call);
          if (e) throw e;
          return { RequestId: `R-${call}` };
        },
      } as unknown as EnsClient;
      return toActionError(await thrown(() => shareImageSpec.handler({ imageId: IMG, users }, { ...ctx, ens: () => client })));
    };
    const denied = () => new EnsError({ code: "NoPermission", message: "Permission denied.", requestId: "R-x" });
    const taken = () => new EnsError({ code: "Image.Odd", message: "Something ENS says." });

    it("partly", async () => {
      const out = await share((n) => (n === 2 ? denied() : null), uids(23));
      expect(out.message).toBe(
        "Shared with 13 of 23 user IDs; 10 were not shared. batch 1: shared; batch 2: NoPermission; batch 3: shared.",
      );
      saysItsEnglish(out);
      const zhOut = localizeError(out, "zh-CN");
      expect(zhOut.message).toBe(
        "已共享给 23 个用户 ID 中的 13 个，10 个未共享。第 1 批：已共享；第 2 批：NoPermission；第 3 批：已共享。",
      );
      // The per-batch messages the share result lists, by their codes.
      expect((zhOut.details as ShareOutcome).batches[1].message).toBe(zh("errors.codes.NoPermission"));
      expect((out.details as ShareOutcome).batches[1].message).toBe(ENS_ERRORS.NoPermission.message);
    });

    it("entirely, in different ways", async () => {
      const out = await share((n) => (n === 1 ? denied() : taken()), uids(12));
      expect(out.code).toBe("Console.ShareFailed");
      saysItsEnglish(out);
      expect(localizeError(out, "zh-CN").message).toMatch(/^未能共享给 12 个用户 ID/);
    });

    it("entirely, the same way: in ENS's code's words, or ENS's own", async () => {
      const one = await share(() => denied(), uids(3));
      expect(one.message).toBe(ENS_ERRORS.NoPermission.message);
      expect(localizeError(one, "zh-CN").message).toBe(zh("errors.codes.NoPermission"));

      const all = await share(() => denied(), uids(25));
      expect(all.message).toBe(`${ENS_ERRORS.NoPermission.message} (all 3 batches)`);
      saysItsEnglish(all);
      expect(localizeError(all, "zh-CN").message).toBe(`${zh("errors.codes.NoPermission")}（全部 3 批）`);

      const own = await share(() => taken(), uids(25));
      expect(own.message).toBe("Something ENS says. (all 3 batches)");
      saysItsEnglish(own);
      expect(localizeError(own, "zh-CN").message).toBe("Something ENS says.（全部 3 批）");
    });
  });

  // Sites that need a database: the sentence each writes, against its key's English.
  it.each<[string, MessageWords]>([
    ["The console already holds the login on aic-1.", { key: "server.loginAlreadyHeld", values: { instanceId: "aic-1" } }],
    ["The console holds no open login on aic-1.", { key: "server.loginNotHeld", values: { instanceId: "aic-1" } }],
    ["No user a@b.c.", { key: "server.noUser", values: { email: "a@b.c" } }],
    ["You cannot remove your own admin role.", { key: "server.ownAdminRole" }],
    ["You cannot disable yourself.", { key: "server.disableSelf" }],
    ["That SSO identity is already linked to a@b.test.", { key: "server.ssoAlreadyLinked", values: { email: "a@b.test" } }],
    ["User a@b.c already exists.", { key: "server.userExists", values: { email: "a@b.c" } }],
    [
      "The list changed since you chose: 1 instance now match, not 3. Review them and try again.",
      { key: "server.selectionChanged", values: { count: 1, expected: 3 } },
    ],
    [
      "The list changed since you chose: 5 instances now match, not 3. Review them and try again.",
      { key: "server.selectionChanged", values: { count: 5, expected: 3 } },
    ],
    ["No instance to act on.", { key: "server.noInstance" }],
    ["No such operation.", { key: "server.noOperation" }],
    ["The operation has already ended; there is nothing left to cancel.", { key: "server.operationEnded" }],
    ["Your role (viewer) is not allowed to do this.", { key: "forbiddenRole", values: { role: { key: "role.viewer" } } }],
  ])("%s", (english, words) => {
    expect(renderWords(words, "en")).toBe(english);
    expect(renderWords(words, "zh-CN")).toMatch(HAN);
  });

  it("every ConsoleError given its own English also carries its words", () => {
    const root = path.resolve(import.meta.dirname, "../../..");
    const files = (dir: string): string[] =>
      fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((d) => {
        const rel = path.join(dir, d.name);
        if (d.isDirectory()) return d.name === "test" ? [] : files(rel);
        return /\.ts$/.test(d.name) && !/\.test\.ts$/.test(d.name) ? [rel] : [];
      });
    const wordless: string[] = [];
    for (const file of files("lib")) {
      const text = fs.readFileSync(path.join(root, file), "utf8");
      for (const m of text.matchAll(/new ConsoleError\(/g)) {
        // The call's text, to its closing parenthesis.
        let depth = 1;
        let i = m.index + m[0].length;
        for (; i < text.length && depth > 0; i++) depth += text[i] === "(" ? 1 : text[i] === ")" ? -1 : 0;
        const call = text.slice(m.index, i);
        const args = call.slice("new ConsoleError(".length, -1);
        const defaultWords = /^\s*"([\w.]+)"\s*,\s*"([^"]*)"\s*,?\s*$/.exec(args);
        const isDefault =
          defaultWords && (CONSOLE_ERRORS as Record<string, { message: string }>)[defaultWords[1]]?.message === defaultWords[2];
        if (args.includes(",") && !isDefault && !/\bwords\b/.test(args)) wordless.push(`${file}: ${call.replace(/\s+/g, " ")}`);
      }
    }
    expect(wordless).toEqual([]);
  });

  it("every key a site may name exists in both languages", () => {
    const keys: ErrorMessageKey[] = [
      "server.noUser",
      "share.none",
      "share.partial",
      "share.sameFailure",
      "inProgress",
      "internalReference",
    ];
    for (const k of keys) expect(zh.has(`errors.${k}`) && en.has(`errors.${k}`)).toBe(true);
  });
});

describe("deniedReason and role names", () => {
  it("is today's sentence in English", () => {
    expect(deniedReason("viewer", "login.set")).toBe("Your role (viewer) cannot do this; only operators and admins can.");
    expect(deniedReason(null, "users.manage", "en")).toBe("Your role (none) cannot do this; only admins can.");
  });

  it("names the roles in Chinese", () => {
    expect(deniedReason("viewer", "login.set", "zh-CN")).toBe("您的角色（查看者）无法执行此操作，仅操作员和管理员可以执行。");
    expect(deniedReason(undefined, "fleet.read", "zh-CN")).toBe(
      "您的角色（无）无法执行此操作，仅查看者、申请者、操作员、审计员和管理员可以执行。",
    );
    for (const p of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) expect(deniedReason("viewer", p, "zh-CN")).toMatch(HAN);
  });

  it("labels roles", () => {
    expect(roleLabel("auditor")).toBe("Auditor");
    expect(roleLabel("auditor", "zh-CN")).toBe("审计员");
  });
});
