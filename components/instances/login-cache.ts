"use client";

import type { QueryClient } from "@tanstack/react-query";
import type { InstanceLoginView } from "@/lib/instances/login-view";
import type { FleetSnapshot, LoginState } from "@/lib/instances/types";
import { queryKeys } from "@/lib/queries/query-keys";

// The react-query copies of one instance's login: its row in the fleet list and the instance page's read.

/** Writes `login` into this instance's fleet row only: other rows may have changes of their own in flight. */
export function writeFleetLogin(qc: QueryClient, instanceId: string, login: LoginState) {
  qc.setQueryData<FleetSnapshot>(
    queryKeys.fleet,
    (old) => old && { ...old, rows: old.rows.map((r) => (r.id === instanceId ? { ...r, login } : r)) },
  );
}

export function writeInstanceLogin(qc: QueryClient, instanceId: string, login: LoginState) {
  qc.setQueryData<InstanceLoginView>(queryKeys.instance(instanceId), (old) => old && { ...old, login });
}

/** Applies `change` to both copies, each from its own current value. */
export function updateLogin(qc: QueryClient, instanceId: string, change: (login: LoginState) => LoginState) {
  const row = qc.getQueryData<FleetSnapshot>(queryKeys.fleet)?.rows.find((r) => r.id === instanceId)?.login;
  if (row) writeFleetLogin(qc, instanceId, change(row));
  const page = qc.getQueryData<InstanceLoginView>(queryKeys.instance(instanceId))?.login;
  if (page) writeInstanceLogin(qc, instanceId, change(page));
}

/** Reads both again from the server (the list through its short server-side cache). */
export function refreshLogin(qc: QueryClient, instanceId: string) {
  void qc.invalidateQueries({ queryKey: queryKeys.fleet });
  void qc.invalidateQueries({ queryKey: queryKeys.instance(instanceId) });
}
