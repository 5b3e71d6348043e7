import type { Metadata } from "next";
import { HydrationBoundary, dehydrate } from "@tanstack/react-query";
import { Suspense } from "react";
import { InstancesView } from "@/components/instances/instances-view";
import { can, deniedReason } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { getFleet } from "@/lib/instances/fleet";
import { fleetQuery } from "@/lib/queries/fleet";
import { getQueryClient } from "@/lib/query-client";

export const metadata: Metadata = { title: "Instances" };

export default async function InstancesPage() {
  const user = await requireUser();
  const queryClient = getQueryClient();
  // The server renders the first view; react-query keeps it fresh in the browser.
  await queryClient.prefetchQuery({ ...fleetQuery, queryFn: () => getFleet() });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <Suspense>
        <InstancesView
          canToggle={can(user.role, "login.set")}
          deniedReason={deniedReason(user.role, "login.set")}
          canPower={can(user.role, "instances.power")}
          powerDeniedReason={deniedReason(user.role, "instances.power")}
          allowNoExpiry={config().CONSOLE_LOGIN_ALLOW_NO_EXPIRY === true}
        />
      </Suspense>
    </HydrationBoundary>
  );
}
