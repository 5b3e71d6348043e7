// The fleet overview's view model (client-safe: no server imports). Every count carries the link to
// the filtered list it counts and what it counts; the page words it (words.ts) in the viewer's language.
import { parseView, viewToSearch, type LoginFilter, type ViewParams } from "../instances/list-params";
import { filterToSearchParams } from "../audit/filter-params";

/** What a count counts, for the page to word: a facet's value ("" when none), a kind of login, or of operation. */
export type Counted = { facet: Facet; value: string } | { login: OverviewLogin } | { operations: OperationsCounted };

/** One count and the list it links to. */
export interface CountLink {
  what: Counted;
  count: number;
  /** `/instances?…` or `/history?…`: the list showing exactly these rows. */
  href: string;
  /** Wants attention when not zero (a failure, an unknown outcome, a failed expiry). */
  attention?: boolean;
}

export const FACETS = ["state", "node", "spec"] as const;
export type Facet = (typeof FACETS)[number];

export interface FacetGroup {
  facet: Facet;
  /** Largest count first. */
  items: CountLink[];
}

/** One hour of the last 24: operations (history rows) whose first event fell in it, and how many failed. */
export interface HourBar {
  /** ISO start of the hour; the hour ends where the next one starts (the last one at `asOf`). */
  start: string;
  operations: number;
  failures: number;
}

export interface OverviewView {
  fleet: {
    total: number;
    /** When the fleet was read from ENS. */
    asOf: string;
    groups: FacetGroup[];
    logins: CountLink[];
  };
  operations: {
    /** The 24 h window: from `since` to `asOf`. */
    since: string;
    asOf: string;
    /** Every operation in the window (what `/history?range=24h` lists). */
    all: CountLink;
    failed: CountLink;
    unknown: CountLink;
    /** `unknown` outcomes ENS has not settled, of any age. */
    unresolved: CountLink;
    /** 24 bars, oldest first. */
    hours: HourBar[];
  };
}

/** The login counts, in the order the overview shows them. */
export const OVERVIEW_LOGINS = ["open", "closing-soon", "outside", "no-expiry", "expiry-failed"] as const satisfies readonly LoginFilter[];
export type OverviewLogin = (typeof OVERVIEW_LOGINS)[number];

export type OperationsCounted = "all" | "failed" | "unknown" | "unresolved";

const EMPTY_VIEW: ViewParams = parseView(new URLSearchParams());

/** `/instances` filtered by `patch`, written by the list's own URL codec so the link always matches its filters. */
export function instancesHref(patch: Partial<ViewParams>): string {
  return `/instances${viewToSearch({ ...EMPTY_VIEW, ...patch })}`;
}

/** `/history` filtered by outcome (and range), in the History filter's own URL shape. */
export function historyHref(outcome: "failure" | "unknown" | "unresolved" | undefined, range?: "24h"): string {
  return `/history?${filterToSearchParams({ outcome, range })}`;
}

export function facetCount(facet: Facet, value: string, count: number): CountLink {
  return { what: { facet, value }, count, href: instancesHref({ [facet]: [value] }) };
}

export function loginCount(login: OverviewLogin, count: number): CountLink {
  return { what: { login }, count, href: instancesHref({ login }), attention: login === "expiry-failed" };
}

export function allCount(count: number): CountLink {
  return { what: { operations: "all" }, count, href: historyHref(undefined, "24h") };
}

export function failedCount(count: number): CountLink {
  return { what: { operations: "failed" }, count, href: historyHref("failure", "24h"), attention: true };
}

export function unknownCount(count: number): CountLink {
  return { what: { operations: "unknown" }, count, href: historyHref("unknown", "24h"), attention: true };
}

export function unresolvedCount(count: number): CountLink {
  return { what: { operations: "unresolved" }, count, href: historyHref("unresolved"), attention: true };
}
