"use client";

import { useQuery } from "@tanstack/react-query";
import { fleetQuery } from "@/lib/queries/fleet";

export function useFleet() {
  return useQuery(fleetQuery);
}
