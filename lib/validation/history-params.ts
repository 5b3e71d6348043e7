// History filter vocabulary and URL helpers, shared with the browser. No zod here, so the
// history page's client code does not ship the validation library.

/** Outcomes a history row can show; `pending` is a `requested` event with no `completed` yet. */
export const ROW_OUTCOMES = ["success", "failure", "denied", "rejected", "unknown", "pending"] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];

export const DATE_PRESETS = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 } as const;
export const RANGES = ["1h", "24h", "7d", "custom"] as const;

/** Audit action names staff can filter on; free values are accepted too. */
export const KNOWN_ACTIONS = [
  "login.open",
  "login.close",
  "image.share",
  "key.upload",
  "key.delete",
  "instance.reboot",
  "instance.reset",
  "auth.sign_in",
  "auth.sign_out",
  "history.export",
  "user.create",
  "user.set_role",
  "user.disable",
  "user.enable",
  "user.set_password",
  "user.link_sso",
  "console.refusals_summarised",
] as const;

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
