import type { Page } from "@playwright/test";
import { buildImages, buildKeys } from "../emulator/catalog";

// Finds English left in a page rendered in Chinese: every visible text node, option, and the
// attributes people hear or read (aria-label, title, placeholder, alt), less what is data on
// purpose (ENS's own words: image and key descriptions, owners, tags) and identifiers (anything
// with a digit, dot, dash, underscore, @, slash or colon: instance ids, key names, emails, specs).

/** Words that stay as they are in Chinese text: names and acronyms (README, "What stays English"). */
const KEPT = new Set([
  "AIC",
  "ENS",
  "UID",
  "RequestId",
  "AccessKey",
  "RAM",
  "ADB",
  "UTC",
  "CSV",
  "JSON",
  "SSO",
  "ID",
  "IDs",
  "Android",
  "GPU",
  "IP",
  "SHA",
  "OIDC",
  "KeyName",
  "KeyGroup",
  "Console",
  "Hz",
  "Enter",
  "Backspace",
  "Tab",
  "Esc",
  // Outbound destinations' kinds and the specification webhooks are signed by.
  "Webhook",
  "Webhooks",
  "Standard",
  "Slack",
  "URL",
  "HTTP",
]);

/** ENS data the emulator serves (what ENS would say), shown untranslated on purpose. */
function ensData(): string[] {
  const images = buildImages();
  const keys = buildKeys();
  return [
    ...images.flatMap((i) => [i.Description, i.User, i.Status, i.imageType]),
    ...keys.flatMap((k) => [k.Description, k.KeyType]),
    // The latest action ENS reports for an instance (emulator/fleet.ts, emulator/actions).
    "ServerCreate",
    "Reboot",
    "Reset",
    // The fleet's tags and namespaces (emulator/fleet.ts).
    "env",
    "prod",
    "staging",
    "team",
    "project",
    "default",
    "qa",
  ]
    .filter((s): s is string => !!s && s.length > 1)
    .sort((a, b) => b.length - a.length);
}

const IDENTIFIER = /[0-9._\-@/:=+<>&#*%$\\]/;
const PUNCT = /^[\s,.;:!?()[\]{}"'“”‘’（）【】，。：；！？、…·•—–\-|/]+|[\s,.;:!?()[\]{}"'“”‘’（）【】，。：；！？、…·•—–\-|/]+$/g;

/** English words in `text` that are neither data nor identifiers nor kept names. */
export function englishIn(text: string, data: string[] = ensData()): string[] {
  let rest = text;
  // Data is taken out only as a whole (not "disable" out of "user.disable").
  for (const d of data) rest = rest.replace(new RegExp(`(?<![\\w.-])${d.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w.-])`, "g"), " ");
  const found: string[] = [];
  for (const raw of rest.split(/\s+/)) {
    const token = raw.replace(PUNCT, "");
    if (!token || IDENTIFIER.test(token)) continue;
    for (const word of token.split(/[^A-Za-z]+/)) if (word.length >= 2 && !KEPT.has(word)) found.push(word);
  }
  return found;
}

/** Every string a person reads or hears on the page, with where it is. */
export async function readableStrings(page: Page): Promise<Array<{ where: string; text: string }>> {
  return page.evaluate(() => {
    const out: Array<{ where: string; text: string }> = [];
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.getAttribute("role") ? `[role=${el.getAttribute("role")}]` : ""}`;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim();
      if (!el || !text || el.closest("script, style, noscript, template, [translate='no']")) continue;
      const shown = el.closest("option") ? true : el.checkVisibility({ visibilityProperty: true }) || !!el.closest(".sr-only");
      if (shown) out.push({ where: describe(el), text });
    }
    for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [alt], [aria-description]")) {
      if (el.closest("[translate='no']")) continue;
      for (const a of ["aria-label", "title", "placeholder", "alt", "aria-description"]) {
        const v = el.getAttribute(a)?.trim();
        if (v) out.push({ where: `${describe(el)}@${a}`, text: v });
      }
    }
    out.push({ where: "title", text: document.title });
    return out;
  });
}

/** The page's English leftovers, one line each (empty when the page is all Chinese). */
export async function untranslated(page: Page): Promise<string[]> {
  // What the page itself marks as data (translate="no": ids, codes, emails) may appear inside a
  // sentence elsewhere, e.g. an aria-label naming the target.
  const marked = await page.$$eval("[translate='no']", (els) => els.map((e) => e.textContent?.trim() ?? "").filter((t) => t.length > 1));
  const data = [...ensData(), ...new Set(marked)].sort((a, b) => b.length - a.length);
  return (await readableStrings(page)).flatMap(({ where, text }) => {
    const words = englishIn(text, data);
    return words.length ? [`${where}: "${text}" (${words.join(", ")})`] : [];
  });
}
