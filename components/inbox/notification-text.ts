"use client";

import { useTranslations } from "next-intl";
import type { NotificationView } from "@/lib/inbox/view";

/** A notification's sentence: messages inbox.kinds.<kind>, with the values it carries. */
export function useNotificationText(): (n: NotificationView) => string {
  const t = useTranslations("inbox.kinds");
  return (n) => {
    // A value the producer did not give reads as empty rather than as the argument's name.
    const values: Record<string, string | number> = {
      requester: "",
      kind: "login",
      count: 0,
      instance: "",
      minutes: 0,
      image: "",
      schedule: "",
      view: "",
      users: 0,
      by: "",
      comment: "",
      reason: "",
      failed: "",
      total: "",
      actor: "",
      ...n.values,
    };
    return t(n.kind, values as never);
  };
}
