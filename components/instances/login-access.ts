"use client";

import { useTranslations } from "next-intl";
import type { LoginState } from "@/lib/instances/view";

/**
 * Who can log in while `login` is open, in the reader's words: "open for alice@example.com
 * (personal key)", "shared key group ops", "shared key support-key"; the delivered keys when the
 * read did not say (a change's own answer, before the next read).
 */
export function useLoginAccessText(): (login: LoginState) => string {
  const t = useTranslations("instances.access");
  return (login) => {
    const a = login.access;
    if (!login.open) return "";
    if (a?.kind === "personal") return t("personal", { email: a.owner });
    if (a?.keyGroup) return t("sharedGroup", { group: a.keyGroup });
    if (a) return t("sharedKey", { name: login.keys.join(", ") || a.keyName || "" });
    return login.keys.join(", ");
  };
}
