// The overview's words for a count, in the viewer's language (client-safe: it takes the translator).
import type { useTranslations } from "next-intl";
import type { Messages } from "../i18n/messages";
import type { CountLink, Facet, OverviewLogin } from "./view";

type T = ReturnType<typeof useTranslations<"overview">>;
type State = keyof Messages["overview"]["states"];

const LOGIN_KEY = {
  open: "open",
  "closing-soon": "closingSoon",
  outside: "outside",
  "no-expiry": "noExpiry",
  "expiry-failed": "expiryFailed",
} as const satisfies Record<OverviewLogin, string>;

/** What a count shows beside it, and its link's accessible name, which begins with the number ("3 instances in state rebooting"). */
export function countWords(t: T, { what, count }: CountLink): { label: string; name: string } {
  if ("facet" in what) {
    const value = valueWord(t, what.facet, what.value);
    const name = value ? t(`facets.${what.facet}.name`, { count, value }) : t(`facets.${what.facet}.none`, { count });
    return { label: value || t("facets.noValue"), name };
  }
  const key = "login" in what ? (`logins.${LOGIN_KEY[what.login]}` as const) : (`operations.${what.operations}` as const);
  return { label: t(`${key}.label`), name: t(`${key}.name`, { count }) };
}

/** A state in the viewer's words (as the instances list shows it); a node, a spec or an unknown state as ENS wrote it. */
function valueWord(t: T, facet: Facet, value: string): string {
  return facet === "state" && value && t.has(`states.${value as State}`) ? t(`states.${value as State}`) : value;
}
