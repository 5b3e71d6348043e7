import "server-only";
import type { ActiveUser } from "../auth/session";
import { getDb } from "../db/client";
import { fleetAge, matchingInstances } from "../instances/read";
import { parseView } from "../instances/list-params";
import type { FleetSnapshot } from "../instances/view";
import { fleetCounts } from "./fleet-counts";
import { operationCounts, type OperationCounts } from "./operation-counts";
import { allCount, failedCount, unknownCount, unresolvedCount, type OverviewView } from "./view";

/** The overview from a fleet snapshot and the audit counts; `now` (ms) decides "closing in the next hour". */
export function overviewFrom(fleet: FleetSnapshot, ops: OperationCounts, now: number): OverviewView {
  return {
    fleet: fleetCounts(fleet, now),
    operations: {
      since: ops.since.toISOString(),
      asOf: ops.now.toISOString(),
      all: allCount(ops.total),
      failed: failedCount(ops.failed),
      unknown: unknownCount(ops.unknown),
      unresolved: unresolvedCount(ops.unresolved),
      hours: ops.hours.map((h) => ({ start: h.start.toISOString(), operations: h.operations, failures: h.failures })),
    },
  };
}

/**
 * What the overview page and /api/overview give every role (fleet.read, checked by the page's
 * session and by readRoute): the fleet from this process's fleet index, the audit counts read now.
 */
export async function readOverview(_viewer: ActiveUser): Promise<OverviewView> {
  const now = Date.now();
  const [rows, age, ops] = await Promise.all([
    matchingInstances(parseView(new URLSearchParams()), now),
    fleetAge(),
    getDb().then((db) => operationCounts(db)),
  ]);
  return overviewFrom({ rows, asOf: age.asOf }, ops, now);
}
