"use client";

import type { QueryClient } from "@tanstack/react-query";
import type { InstanceLoginView } from "@/lib/instances/login-view";
import type { InstanceView, LoginState } from "@/lib/instances/view";
import type { FleetPage } from "@/lib/queries/fleet";
import { queryKeys } from "@/lib/queries/query-keys";

// The react-query copies of one instance's login: its row in every cached page of the instances
// view, and the instance page's read.

const pages = { queryKey: [...queryKeys.fleet, "page"] };

/** Writes `login` into this instance's rows only: other rows may have changes of their own in flight. */
export function writeFleetLogin(qc: QueryClient, instanceId: string, login: LoginState) {
  qc.setQueriesData<FleetPage>(pages, (old) =>
    old?.rows.some((r) => r.id === instanceId) ? { ...old, rows: old.rows.map((r) => (r.id === instanceId ? { ...r, login } : r)) } : old,
  );
}

/** This instance's row as the newest cached page shows it. */
export function cachedRow(qc: QueryClient, instanceId: string): InstanceView | undefined {
  let found: { row: InstanceView; at: number } | undefined;
  for (const [key, page] of qc.getQueriesData<FleetPage>(pages)) {
    const row = page?.rows.find((r) => r.id === instanceId);
    const at = qc.getQueryState(key)?.dataUpdatedAt ?? 0;
    if (row && (!found || at > found.at)) found = { row, at };
  }
  return found?.row;
}

export function writeInstanceLogin(qc: QueryClient, instanceId: string, login: LoginState) {
  qc.setQueryData<InstanceLoginView>(queryKeys.instance(instanceId), (old) => old && { ...old, login });
}

/** Applies `change` to both copies, each from its own current value. */
export function updateLogin(qc: QueryClient, instanceId: string, change: (login: LoginState) => LoginState) {
  const row = cachedRow(qc, instanceId)?.login;
  if (row) writeFleetLogin(qc, instanceId, change(row));
  const page = qc.getQueryData<InstanceLoginView>(queryKeys.instance(instanceId))?.login;
  if (page) writeInstanceLogin(qc, instanceId, change(page));
}

/** Reads both again from the server. */
export function refreshLogin(qc: QueryClient, instanceId: string) {
  void qc.invalidateQueries({ queryKey: queryKeys.fleet });
  void qc.invalidateQueries({ queryKey: queryKeys.instance(instanceId) });
}
