import type { useTranslations } from "next-intl";

type T = ReturnType<typeof useTranslations<"operations">>;

/**
 * An operation's stored selection in the viewer's language. The server stores it in English, in
 * the shapes describeSelection (lib/jobs/start-job.ts), the expiry pass and the follow-ups write; an id,
 * or any other text, is shown as stored.
 */
export function selectionText(t: T, stored: string): string {
  let m = /^(\d+) selected instances$/.exec(stored);
  if (m) return t("selection.selected", { count: m[1] });
  m = /^all (\d+) instances matching (.*)$/s.exec(stored);
  if (m)
    return m[2] === "(no filter)" ? t("selection.matchingAll", { count: m[1] }) : t("selection.matching", { count: m[1], filter: m[2] });
  m = /^(\d+) logins past their expiry$/.exec(stored);
  if (m) return t("selection.expired", { count: m[1] });
  m = /^saved view (.*) \((\d+) instances\)$/s.exec(stored);
  if (m) return t("selection.savedView", { name: m[1], count: m[2] });
  // A follow-up's (lib/jobs/follow-up.ts).
  m = /^(\d+) failed of operation ([0-9a-f-]{36})$/.exec(stored);
  if (m) return t("selection.retried", { count: m[1], id: m[2] });
  m = /^(\d+) changed by operation ([0-9a-f-]{36})$/.exec(stored);
  if (m) return t("selection.reverted", { count: m[1], id: m[2] });
  return stored;
}
