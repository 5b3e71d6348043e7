// The fleet half of the overview, from the same rows the instances list shows. Facet counts group
// by the very field applyView filters on, and login counts call loginMatches, the list's own
// login filter: a count and the list its link opens agree by construction (lib/overview/test).
import { loginMatches } from "../instances/list-params";
import type { FleetSnapshot, InstanceView } from "../instances/view";
import { FACETS, facetCount, loginCount, OVERVIEW_LOGINS, type Facet, type OverviewView } from "./view";

const FIELD: Record<Facet, (r: InstanceView) => string> = {
  state: (r) => r.state,
  node: (r) => r.node,
  spec: (r) => r.spec,
};

/** Largest first, then by value, so the list reads the same on every refresh. */
const byCount = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

export function fleetCounts(fleet: FleetSnapshot, now: number): OverviewView["fleet"] {
  const tallies = FACETS.map(() => new Map<string, number>());
  const logins = OVERVIEW_LOGINS.map(() => 0);
  for (const r of fleet.rows) {
    FACETS.forEach((f, i) => {
      const v = FIELD[f](r);
      tallies[i].set(v, (tallies[i].get(v) ?? 0) + 1);
    });
    OVERVIEW_LOGINS.forEach((l, i) => {
      if (loginMatches(r.login, l, now)) logins[i]++;
    });
  }
  return {
    total: fleet.rows.length,
    asOf: fleet.asOf,
    groups: FACETS.map((facet, i) => ({
      facet,
      items: [...tallies[i]].sort(byCount).map(([v, n]) => facetCount(facet, v, n)),
    })),
    logins: OVERVIEW_LOGINS.map((l, i) => loginCount(l, logins[i])),
  };
}
