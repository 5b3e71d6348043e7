"use client";

import { backgroundFetch } from "@/lib/background-fetch";
import { useQuery } from "@tanstack/react-query";
import type { FleetSnapshot } from "@/lib/instances/types";
import { FLEET_KEY } from "./use-login-mutation";

export async function fetchFleet(fresh = false): Promise<FleetSnapshot> {
  // A user-asked refresh counts as activity; polling and refetches do not.
  const url = `/api/fleet${fresh ? "?fresh=1" : ""}`;
  const res = await (fresh ? fetch(url) : backgroundFetch(url));
  if (res.status === 401) {
    window.location.assign(`/login?reason=expired&next=${encodeURIComponent(location.pathname + location.search)}`);
    throw new Error("Signed out");
  }
  const body = await res.json();
  if (!res.ok) throw new Error(`${body?.error?.code ?? res.status}: ${body?.error?.message ?? "the fleet could not be loaded"}`);
  return body;
}

export function useFleet() {
  return useQuery({ queryKey: FLEET_KEY, queryFn: () => fetchFleet(false), refetchInterval: 60_000 });
}
