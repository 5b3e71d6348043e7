import type { Selection } from "@/lib/jobs/schema";
import type { AccessMode } from "@/lib/policy/access-mode";

// Pure helpers of the login controls under the access policy (tested in test/request-selection.test.ts).

/** How many instances a selection names: its ids, or the N of "all N matching". */
export const selectionCount = (s: Selection): number => ("ids" in s ? s.ids.length : s.expected);

/** The one instance a selection names, or null (several, or a filter). */
export const singleInstance = (s: Selection): string | null => ("ids" in s && s.ids.length === 1 ? s.ids[0] : null);

/** What the bulk toolbar acts on: "all N matching" a filter when chosen, else the ticked ids. */
export function bulkSelection(allMatching: { filter: string; expected: number } | null, selected: Iterable<string>): Selection {
  return allMatching ? { filter: allMatching.filter, expected: allMatching.expected } : { ids: [...selected] };
}

export interface LoginControls {
  /** The switch acts: it closes an open login (`login.set`), or opens a closed one where opening is direct. */
  switchEnabled: boolean;
  /** The switch is off only because opening needs a request (say so, rather than the role's denial). */
  opensByRequest: boolean;
  /** `Request login` is offered. */
  request: boolean;
}

/**
 * One instance's login controls: closing never needs a request (those who may change logins close
 * at once); opening is the switch where the policy lets this user open directly, `Request login`
 * where they must ask, and nothing where they may do neither (viewers, auditors).
 */
export function loginControls(mode: AccessMode, canToggle: boolean, open: boolean): LoginControls {
  const switchEnabled = open ? canToggle : canToggle && mode === "direct";
  return { switchEnabled, opensByRequest: !open && canToggle && mode === "request", request: mode === "request" };
}
