import { useTranslations } from "next-intl";
import type { ResolutionView } from "@/lib/history/row";

type Found = ResolutionView["found"];

const STYLE: Record<Found, string> = {
  applied: "text-emerald-800 dark:text-emerald-300",
  "not applied": "text-red-800 dark:text-red-300",
  unknown: "text-slate-600 dark:text-slate-400",
};

const FOUND_KEY = { applied: "applied", "not applied": "notApplied", unknown: "unknown" } as const satisfies Record<Found, string>;

/**
 * Beside an `unknown` outcome badge, what ENS showed when the console checked afterwards:
 * "→ applied", "→ not applied", or "still unknown: <reason>" (so the pair reads "unknown → applied").
 */
export function ResolutionNote({ found, reason, at }: { found: Found; reason?: string | null; at?: string | null }) {
  const t = useTranslations("history.resolution");
  const word = t(`found.${FOUND_KEY[found]}`);
  const text = found === "unknown" ? (reason ? t("stillUnknownReason", { reason }) : t("stillUnknown")) : `→ ${word}`;
  const title = [found === "unknown" ? t("couldNotTell") : t("checked", { found: word }), reason, at && t("at", { at })]
    .filter(Boolean)
    .join(t("separator"));
  return (
    <span className={`ml-1 text-xs font-medium ${STYLE[found]}`} title={title}>
      {text}
    </span>
  );
}
