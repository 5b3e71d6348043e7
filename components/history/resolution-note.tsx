import type { ResolutionView } from "@/lib/history/row";

type Found = ResolutionView["found"];

const STYLE: Record<Found, string> = {
  applied: "text-emerald-800 dark:text-emerald-300",
  "not applied": "text-red-800 dark:text-red-300",
  unknown: "text-slate-600 dark:text-slate-400",
};

/**
 * Beside an `unknown` outcome badge, what ENS showed when the console checked afterwards:
 * "→ applied", "→ not applied", or "still unknown: <reason>" (so the pair reads "unknown → applied").
 */
export function ResolutionNote({ found, reason, at }: { found: Found; reason?: string | null; at?: string | null }) {
  const text = found === "unknown" ? `still unknown${reason ? `: ${reason}` : ""}` : `→ ${found}`;
  const title = [found === "unknown" ? "ENS could not tell" : `Checked against ENS: ${found}`, reason, at && `at ${at}`]
    .filter(Boolean)
    .join("; ");
  return (
    <span className={`ml-1 text-xs font-medium ${STYLE[found]}`} title={title}>
      {text}
    </span>
  );
}
