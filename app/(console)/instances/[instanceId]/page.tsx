import type { Metadata } from "next";
import { HydrationBoundary, dehydrate } from "@tanstack/react-query";
import Link from "next/link";
import { notFound } from "next/navigation";
import { InstanceLogin } from "@/components/instances/instance-login";
import { PowerActions } from "@/components/instances/power-actions";
import { StateBadge } from "@/components/instances/state-badge";
import { CopyButton } from "@/components/copy-button";
import { can, deniedReason } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { findInstance, readLogin } from "@/lib/instances/fleet";
import { toInstanceLoginView } from "@/lib/instances/login-view";
import { instanceLoginQuery } from "@/lib/queries/instance";
import { getQueryClient } from "@/lib/query-client";
import { instanceId as instanceIdSchema } from "@/lib/validation/login";
import { EntityHistory } from "@/components/history/entity-history";

export async function generateMetadata({ params }: { params: Promise<{ instanceId: string }> }): Promise<Metadata> {
  return { title: (await params).instanceId };
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs uppercase text-slate-500">{label}</dt>
      <dd className="mt-0.5 break-all text-sm">{children || "—"}</dd>
    </div>
  );
}

export default async function InstancePage({ params }: { params: Promise<{ instanceId: string }> }) {
  const user = await requireUser();
  const parsed = instanceIdSchema.safeParse((await params).instanceId);
  if (!parsed.success) notFound();
  const inst = await findInstance(parsed.data);
  if (!inst) notFound();
  const queryClient = getQueryClient();
  // The server renders the first read; react-query keeps it fresh in the browser.
  // fetchQuery, not prefetchQuery: a failed read shows the error page, as before.
  await queryClient.fetchQuery({
    ...instanceLoginQuery(inst.InstanceId),
    queryFn: async () => toInstanceLoginView(await readLogin(inst.InstanceId)),
  });

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/instances" className="hover:underline">
          Instances
        </Link>{" "}
        / <span>{inst.InstanceId}</span>
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="font-mono text-xl font-semibold">{inst.InstanceId}</h1>
        <CopyButton value={inst.InstanceId} label={`Copy ${inst.InstanceId}`} />
        <StateBadge value={inst.State ?? ""} />
        <StateBadge value={inst.Status ?? ""} />
        <div className="ml-auto">
          <PowerActions
            instanceId={inst.InstanceId}
            canPower={can(user.role, "instances.power")}
            deniedReason={deniedReason(user.role, "instances.power")}
          />
        </div>
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <section aria-labelledby="details" className="card p-4 lg:col-span-2">
          <h2 id="details" className="mb-3 font-semibold">
            Details
          </h2>
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-3">
            <Field label="Name">{inst.Name}</Field>
            <Field label="Spec">{inst.Spec}</Field>
            <Field label="Image">
              <span className="font-mono">{inst.ImageId}</span>
            </Field>
            <Field label="IP address">
              <span className="font-mono">{inst.IpAddress}</span>
            </Field>
            <Field label="Network">{inst.NetworkId}</Field>
            <Field label="vSwitch">{inst.VSwitchId}</Field>
            <Field label="Resolution">{inst.Resolution}</Field>
            <Field label="Frequency">{inst.Frequency ? `${inst.Frequency} Hz` : ""}</Field>
            <Field label="Latest action">{inst.LatestAction}</Field>
          </dl>
          <h3 className="mb-2 mt-5 font-semibold">Server</h3>
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-3">
            <Field label="Server id">
              <span className="font-mono">{inst.ServerId}</span>
            </Field>
            <Field label="Server name">{inst.ServerName}</Field>
            <Field label="Server spec">{inst.ServerSpec}</Field>
            <Field label="ENS node">{inst.EnsRegionId}</Field>
            <Field label="Namespace">{inst.Namespace}</Field>
            <Field label="Server state">{`${inst.ServerState ?? ""} / ${inst.ServerStatus ?? ""}`}</Field>
            <Field label="Tags">
              {(inst.Tags ?? []).length ? (
                <ul className="flex flex-wrap gap-1">
                  {(inst.Tags ?? []).map((t) => (
                    <li key={`${t.Key}=${t.Value}`}>
                      <Link
                        className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs hover:underline dark:bg-slate-800"
                        href={`/instances?${new URLSearchParams({ tag: `${t.Key}=${t.Value ?? ""}` })}`}
                      >
                        {t.Key}={t.Value}
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : (
                "none"
              )}
            </Field>
          </dl>
        </section>
        <section aria-labelledby="login" className="card p-4">
          <h2 id="login" className="mb-3 font-semibold">
            Login
          </h2>
          <HydrationBoundary state={dehydrate(queryClient)}>
            <InstanceLogin
              instanceId={inst.InstanceId}
              canToggle={can(user.role, "login.set")}
              deniedReason={deniedReason(user.role, "login.set")}
              allowNoExpiry={config().CONSOLE_LOGIN_ALLOW_NO_EXPIRY === true}
            />
          </HydrationBoundary>
        </section>
      </div>
      <EntityHistory targetId={inst.InstanceId} title={`History of ${inst.InstanceId}`} />
    </div>
  );
}
