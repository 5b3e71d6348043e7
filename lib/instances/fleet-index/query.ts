import { withOverlay } from "../login-overlay";
import type { InstanceView, LoginOverlay, LoginState } from "../view";
import { hasTag, LOGIN_FILTERS, loginMatches, type LoginFilter, type ViewParams } from "../list-params";
import type { FleetIndex } from "./fleet-index";
import type { IndexRow } from "./rows";

/** One window of the instances view, with the counts the page shows beside it. */
export interface FleetPage {
  rows: InstanceView[];
  /** Position of `rows[0]` among the matching rows. */
  offset: number;
  /** Every instance in the fleet. */
  total: number;
  /** Instances matching the whole view. */
  matching: number;
  /** Per login filter: the instances matching the view's other filters and that one. */
  loginCounts: Record<LoginFilter, number>;
  /** Open logins found opened outside the console, fleet-wide. */
  outside: number;
  /** ISO time the listing under this page was read from ENS. */
  asOf: string;
}

export interface Window {
  offset: number;
  limit: number;
}

export type Overlays = Map<string, LoginOverlay>;

/** The login the filters see: ENS's, with the console's lease and drift finding when it has them. */
function loginOf(r: IndexRow, overlays: Overlays): LoginState {
  const o = overlays.get(r.id);
  return o ? withOverlay(r.login, o) : r.login;
}

export function toInstanceView(r: IndexRow, overlays: Overlays): InstanceView {
  return { ...r, login: withOverlay(r.login, overlays.get(r.id)) };
}

function matcher(v: ViewParams) {
  const q = v.q.trim().toLowerCase();
  const node = v.node.length ? new Set(v.node) : null;
  const server = v.server.length ? new Set(v.server) : null;
  const state = v.state.length ? new Set(v.state) : null;
  const spec = v.spec.length ? new Set(v.spec) : null;
  const tags = v.tag;
  return (r: IndexRow, hay: string) =>
    (!node || node.has(r.node)) &&
    (!server || server.has(r.serverId)) &&
    (!state || state.has(r.state)) &&
    (!spec || spec.has(r.spec)) &&
    (!tags.length || tags.every((t) => hasTag(r as InstanceView, t))) &&
    (!q || hay.includes(q));
}

/** Every matching row position, in the view's order: one pass over a precomputed order. */
export function matchingPositions(index: FleetIndex, v: ViewParams, overlays: Overlays, now: number, counts?: Record<LoginFilter, number>) {
  const order = index.order(v.sort, v.dir);
  const matches = matcher(v);
  const out: number[] = [];
  const { rows, hay } = index;
  const countAll = counts && overlays.size === 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const r = rows[i];
    if (!matches(r, hay[i])) continue;
    let login: LoginState | null = null;
    if (counts) {
      if (countAll) {
        if (r.login.open) counts.open++;
        else counts.closed++;
      } else {
        login = loginOf(r, overlays);
        for (const f of LOGIN_FILTERS) if (loginMatches(login, f, now)) counts[f]++;
      }
    }
    if (v.login && !loginMatches(login ?? loginOf(r, overlays), v.login, now)) continue;
    out.push(i);
  }
  return out;
}

/** The rows in `win` of the view, the view's total and the count behind each login filter. */
export function queryFleet(index: FleetIndex, v: ViewParams, win: Window, overlays: Overlays, now: number): FleetPage {
  const loginCounts = Object.fromEntries(LOGIN_FILTERS.map((f) => [f, 0])) as Record<LoginFilter, number>;
  const positions = matchingPositions(index, v, overlays, now, loginCounts);
  let outside = 0;
  for (const [id, o] of overlays) if (o.outside && index.get(id)?.login.open) outside++;
  const offset = win.offset;
  return {
    rows: positions.slice(offset, offset + win.limit).map((i) => toInstanceView(index.rows[i], overlays)),
    offset,
    total: index.rows.length,
    matching: positions.length,
    loginCounts,
    outside,
    asOf: new Date(index.listedAt).toISOString(),
  };
}
