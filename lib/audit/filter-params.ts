// History filter vocabulary and URL helpers, shared with the browser. No zod here, so the
// history page's client code does not ship the validation library.
import { auditActionLabel, PERFORMED_ACTIONS, type AuditAction } from "./vocabulary";

/**
 * Outcomes a history row can show; `pending` is a `requested` event with no `completed` yet. As a
 * filter, `unresolved` finds `unknown` outcomes that ENS has not (or not yet) settled.
 */
export const ROW_OUTCOMES = ["success", "failure", "denied", "rejected", "unknown", "pending"] as const;
export const OUTCOME_FILTERS = [...ROW_OUTCOMES, "unresolved"] as const;
export type OutcomeFilter = (typeof OUTCOME_FILTERS)[number];
export type RowOutcome = (typeof ROW_OUTCOMES)[number];

export const DATE_PRESETS = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 } as const;
export const RANGES = ["1h", "24h", "7d", "custom"] as const;

/**
 * Audit action names staff can filter on (free values are accepted too): the registry's performed
 * names. Kept here for the modules that import it; the vocabulary lives in lib/audit/vocabulary.ts.
 */
export const KNOWN_ACTIONS: readonly AuditAction[] = PERFORMED_ACTIONS;

/** The History filter's action options: value is the logged name, text its label. */
export const ACTION_OPTIONS: readonly { value: AuditAction; label: string }[] = PERFORMED_ACTIONS.map((a) => ({
  value: a,
  label: auditActionLabel(a),
}));

export const FILTER_KEYS = ["actor", "action", "target", "outcome", "bulk", "range", "from", "to", "q"] as const;

/** The query string for a filter, in a stable key order, so a copied URL reproduces the view. */
export function filterToSearchParams(f: Partial<Record<(typeof FILTER_KEYS)[number], string | undefined>>): URLSearchParams {
  const sp = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = f[k];
    if (v) sp.set(k, v);
  }
  if (f.range && f.range !== "custom") {
    sp.delete("from");
    sp.delete("to");
  }
  return sp;
}
