import type { useTranslations } from "next-intl";
import type { LoginAsk, ScheduleAsk, ShareAsk } from "@/lib/requests/view";
import { selectionText } from "@/components/operations/selection-text";

type RequestsT = ReturnType<typeof useTranslations<"requests">>;
type OperationsT = ReturnType<typeof useTranslations<"operations">>;

/**
 * The instances of a login request in a few words: the one id, the first id and how many more
 * when they were ticked, else the stored selection in the viewer's language ("all 40 instances
 * matching ?…").
 */
export function instancesText(t: RequestsT, tOps: OperationsT, ask: LoginAsk): string {
  const [first] = ask.instanceIds;
  if (first && ask.count === 1) return first;
  if (first && ask.instanceIds.length === ask.count) return t("what.moreInstances", { first, more: String(ask.count - 1) });
  return selectionText(tOps, ask.selection);
}

/** The key a login request opens with: `key X`, `key group G`. */
export function keyText(t: RequestsT, ask: LoginAsk): string {
  if (ask.keyName) return t("what.key", { name: ask.keyName });
  if (ask.keyGroup) return t("what.keyGroup", { name: ask.keyGroup });
  return t("what.noKey");
}

/** What a request asks for, in one line: "aic-1 and 2 more, key X, 60 min" or "image m-1, 3 user IDs". */
export function askText(t: RequestsT, tOps: OperationsT, ask: LoginAsk | ShareAsk | ScheduleAsk): string {
  if (ask.kind === "schedule") return t("what.schedule", { name: ask.name, view: ask.viewName, minutes: String(ask.durationMinutes ?? 0) });
  if (ask.kind === "share") return t("what.share", { imageId: ask.imageId, count: ask.users.length });
  return t("what.login", { instances: instancesText(t, tOps, ask), key: keyText(t, ask), minutes: String(ask.durationMinutes) });
}
