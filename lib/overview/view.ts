// The fleet overview's view model (client-safe: no server imports). Every count carries the link to
// the filtered list it counts and an accessible name that says what it is and the number.
import { parseView, viewToSearch, type LoginFilter, type ViewParams } from "../instances/view";
import { filterToSearchParams } from "../validation/history-params";

/** One count and the list it links to. */
export interface CountLink {
  /** What the row shows beside the count: a state, a node, a spec, or a sentence. */
  label: string;
  count: number;
  /** `/instances?…` or `/history?…`: the list showing exactly these rows. */
  href: string;
  /** The link's accessible name: "3 instances in state rebooting". */
  name: string;
  /** Wants attention when not zero (a failure, an unknown outcome, a failed expiry). */
  attention?: boolean;
}

export const FACETS = ["state", "node", "spec"] as const;
export type Facet = (typeof FACETS)[number];

export interface FacetGroup {
  facet: Facet;
  title: string;
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

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
const instances = (n: number) => plural(n, "instance", "instances");
const logins = (n: number) => plural(n, "login", "logins");
const operations = (n: number) => plural(n, "operation", "operations");

const EMPTY_VIEW: ViewParams = parseView(new URLSearchParams());

/** `/instances` filtered by `patch`, written by the list's own URL codec so the link always matches its filters. */
export function instancesHref(patch: Partial<ViewParams>): string {
  return `/instances${viewToSearch({ ...EMPTY_VIEW, ...patch })}`;
}

/** `/history` filtered by outcome (and range), in the History filter's own URL shape. */
export function historyHref(outcome: "failure" | "unknown" | "unresolved" | undefined, range?: "24h"): string {
  return `/history?${filterToSearchParams({ outcome, range })}`;
}

export const FACET_TITLE: Record<Facet, string> = { state: "By state", node: "By ENS node", spec: "By spec" };

const FACET_NAME: Record<Facet, (n: number, v: string) => string> = {
  state: (n, v) => (v ? `${instances(n)} in state ${v}` : `${instances(n)} with no state`),
  node: (n, v) => (v ? `${instances(n)} on node ${v}` : `${instances(n)} with no node`),
  spec: (n, v) => (v ? `${instances(n)} of spec ${v}` : `${instances(n)} with no spec`),
};

export function facetCount(facet: Facet, value: string, count: number): CountLink {
  return { label: value || "(none)", count, href: instancesHref({ [facet]: [value] }), name: FACET_NAME[facet](count, value) };
}

const LOGIN_TEXT: Record<OverviewLogin, { label: string; name: (n: number) => string }> = {
  open: { label: "Open now", name: (n) => `${logins(n)} open now` },
  "closing-soon": { label: "Closing in the next hour", name: (n) => `${logins(n)} closing in the next hour` },
  outside: { label: "Opened outside the console", name: (n) => `${logins(n)} opened outside the console` },
  "no-expiry": { label: "No expiry", name: (n) => `${plural(n, "open login", "open logins")} with no expiry` },
  "expiry-failed": { label: "Expiry failed: still open", name: (n) => `${logins(n)} whose expiry failed` },
};

export function loginCount(login: OverviewLogin, count: number): CountLink {
  const t = LOGIN_TEXT[login];
  return { label: t.label, count, href: instancesHref({ login }), name: t.name(count), attention: login === "expiry-failed" };
}

export function allCount(count: number): CountLink {
  return { label: "All operations", count, href: historyHref(undefined, "24h"), name: `${operations(count)} in the last 24 h` };
}

export function failedCount(count: number): CountLink {
  return {
    label: "Failed",
    count,
    href: historyHref("failure", "24h"),
    name: `${plural(count, "failed operation", "failed operations")} in the last 24 h`,
    attention: true,
  };
}

export function unknownCount(count: number): CountLink {
  return {
    label: "Outcome unknown",
    count,
    href: historyHref("unknown", "24h"),
    name: `${operations(count)} with an unknown outcome in the last 24 h`,
    attention: true,
  };
}

export function unresolvedCount(count: number): CountLink {
  return {
    label: "Unknown, not resolved yet (any age)",
    count,
    href: historyHref("unresolved"),
    name: `${plural(count, "unknown outcome", "unknown outcomes")} not resolved yet`,
    attention: true,
  };
}
