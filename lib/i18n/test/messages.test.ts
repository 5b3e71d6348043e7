import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "../messages";
import { LOCALES } from "../locales";

// Both languages hold the same keys, and each message takes the same arguments in both: a key
// missing from either side, or a translation that drops {count}, fails here (tsc checks that
// every key the code uses exists in English).

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) into.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      into.add(e.value);
      for (const o of Object.values(e.options)) argumentsOf(o.value, into);
    }
    if (e.type === TYPE.tag) {
      into.add(`<${e.value}>`);
      argumentsOf(e.children, into);
    }
  }
  return into;
}

/** Keys whose text is the same in both languages on purpose (names, codes). Keep it short. */
const SAME_IN_BOTH = new Set<string>([
  "common.productName",
  "common.ens",
  "common.requestId",
  // Product names and the word URL read the same in Chinese.
  "settings.destinations.kinds.webhook",
  "settings.destinations.kinds.slack",
  "settings.destinations.url",
  "settings.destinations.detail.url",
]);

const flat = Object.fromEntries(LOCALES.map((l) => [l, flatten(MESSAGES[l] as unknown as Tree)]));

describe("messages", () => {
  it.each(LOCALES.flatMap((a) => LOCALES.filter((b) => b !== a).map((b) => [a, b])))("every key in %s is in %s", (a, b) => {
    const missing = [...flat[a].keys()].filter((k) => !flat[b].has(k));
    expect(missing, `keys in ${a} missing from ${b}`).toEqual([]);
  });

  it("each message takes the same arguments in both languages, and parses", () => {
    const differ: string[] = [];
    for (const [key, en] of flat.en) {
      const zh = flat["zh-CN"].get(key);
      if (zh === undefined) continue;
      const a = [...argumentsOf(parse(en))].sort().join();
      const b = [...argumentsOf(parse(zh))].sort().join();
      if (a !== b) differ.push(`${key}: en {${a}} zh-CN {${b}}`);
    }
    expect(differ).toEqual([]);
  });

  it("no message is empty, and the Chinese ones are translated (not English left in place)", () => {
    const empty = LOCALES.flatMap((l) => [...flat[l]].filter(([, v]) => !v.trim()).map(([k]) => `${l}: ${k}`));
    expect(empty).toEqual([]);
    const untranslated = [...flat["zh-CN"]].filter(
      ([k, v]) => !SAME_IN_BOTH.has(k) && v === flat.en.get(k) && /[a-z]{3,}/i.test(v.replace(/\{[^}]*\}/g, "")),
    );
    expect(untranslated.map(([k]) => k)).toEqual([]);
  });

  it("no message ends with the product name: the root layout's title template adds it once (app/layout.tsx)", () => {
    const twice = LOCALES.flatMap((l) => {
      const name = flat[l].get("common.productName")!;
      return [...flat[l]].filter(([k, v]) => k !== "common.productName" && v.trim().endsWith(name)).map(([k, v]) => `${l}: ${k} = ${v}`);
    });
    expect(twice).toEqual([]);
  });
});
