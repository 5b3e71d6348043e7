import { useTranslations } from "next-intl";
import { isAuditAction } from "@/lib/audit/vocabulary";
import { actionKey } from "@/lib/history/action-key";

/** An audit action's History label in the viewer's language; an unregistered name shows as itself. */
export function useActionLabel(): (name: string) => string {
  const t = useTranslations("history");
  return (name) => (isAuditAction(name) ? t(actionKey(name)) : name);
}
