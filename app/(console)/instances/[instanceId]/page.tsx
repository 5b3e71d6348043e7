import type { Metadata } from "next";
import { HydrationBoundary, dehydrate } from "@tanstack/react-query";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { InstanceLogin } from "@/components/instances/instance-login";
import { PowerActions } from "@/components/instances/power-actions";
import { StateBadge } from "@/components/instances/state-badge";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { CopyButton } from "@/components/ui/copy-button";
import { Detail, DetailList } from "@/components/ui/field";
import { can, deniedReason } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { findInstance, readLogin } from "@/lib/instances/read";
import { toInstanceLoginView } from "@/lib/instances/login-view";
import { instanceLoginQuery } from "@/lib/queries/instance";
import { getQueryClient } from "@/lib/query-client";
import { accessModeFor, mayBreakGlass } from "@/lib/policy/access-mode";
import { readAccessPolicy } from "@/lib/requests/read";
import { readMyKeys } from "@/lib/personal-keys/read";
import { instanceId as instanceIdSchema } from "@/lib/validation/ids";
import { EntityHistory } from "@/components/history/entity-history";

export async function generateMetadata({ params }: { params: Promise<{ instanceId: string }> }): Promise<Metadata> {
  return { title: (await params).instanceId };
}

export default async function InstancePage({ params }: { params: Promise<{ instanceId: string }> }) {
  const user = await requireUser();
  const t = await getTranslations("instances.detail");
  const states = await getTranslations("instances.states");
  const locale = await getLocale();
  const state = (v: string | undefined) => (v && states.has(v as "running") ? states(v as "running") : (v ?? ""));
  const parsed = instanceIdSchema.safeParse((await params).instanceId);
  if (!parsed.success) notFound();
  const inst = await findInstance(parsed.data);
  if (!inst) notFound();
  const queryClient = getQueryClient();
  // The server renders the first read; react-query keeps it fresh in the browser.
  // fetchQuery, not prefetchQuery: a failed read shows the error page, as before.
  const [policy, myKeys] = await Promise.all([
    // The access policy decides whether this user opens logins, requests them, or neither.
    readAccessPolicy(),
    // The user's own keys come first in the key pickers (My keys).
    can(user.role, "self.keys") ? readMyKeys(user.id) : [],
    queryClient.fetchQuery({
      ...instanceLoginQuery(inst.InstanceId),
      queryFn: async () => toInstanceLoginView(await readLogin(inst.InstanceId)),
    }),
  ]);
  const loginMode = accessModeFor(policy, user.role, "login");

  return (
    <div className="space-y-6">
      <Breadcrumb
        label={t("breadcrumb")}
        items={[
          { label: t("instances"), href: "/instances" },
          { label: inst.InstanceId, mono: true },
        ]}
      />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="font-mono text-xl font-semibold">{inst.InstanceId}</h1>
        <CopyButton value={inst.InstanceId} label={t("copy", { id: inst.InstanceId })} />
        <StateBadge value={inst.State ?? ""} />
        <StateBadge value={inst.Status ?? ""} />
        <div className="ml-auto">
          <PowerActions
            instanceId={inst.InstanceId}
            canPower={can(user.role, "instances.power")}
            deniedReason={deniedReason(user.role, "instances.power", locale)}
          />
        </div>
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <section aria-labelledby="details" className="card p-4 lg:col-span-2">
          <h2 id="details" className="mb-3 font-semibold">
            {t("details")}
          </h2>
          <DetailList>
            <Detail label={t("fields.name")}>{inst.Name}</Detail>
            <Detail label={t("fields.spec")}>{inst.Spec}</Detail>
            <Detail label={t("fields.image")}>
              <span className="font-mono">{inst.ImageId}</span>
            </Detail>
            <Detail label={t("fields.ip")}>
              <span className="font-mono">{inst.IpAddress}</span>
            </Detail>
            <Detail label={t("fields.network")}>{inst.NetworkId}</Detail>
            <Detail label={t("fields.vSwitch")}>{inst.VSwitchId}</Detail>
            <Detail label={t("fields.resolution")}>{inst.Resolution}</Detail>
            <Detail label={t("fields.frequency")}>{inst.Frequency ? `${inst.Frequency} Hz` : ""}</Detail>
            <Detail label={t("fields.latestAction")}>{inst.LatestAction}</Detail>
          </DetailList>
          <h3 className="mb-2 mt-5 font-semibold">{t("server")}</h3>
          <DetailList>
            <Detail label={t("fields.serverId")}>
              <span className="font-mono">{inst.ServerId}</span>
            </Detail>
            <Detail label={t("fields.serverName")}>{inst.ServerName}</Detail>
            <Detail label={t("fields.serverSpec")}>{inst.ServerSpec}</Detail>
            <Detail label={t("fields.node")}>{inst.EnsRegionId}</Detail>
            <Detail label={t("fields.namespace")}>{inst.Namespace}</Detail>
            <Detail label={t("fields.serverState")}>{`${state(inst.ServerState)} / ${state(inst.ServerStatus)}`}</Detail>
            <Detail label={t("fields.tags")}>
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
                t("none")
              )}
            </Detail>
          </DetailList>
        </section>
        <section aria-labelledby="login" className="card p-4">
          <h2 id="login" className="mb-3 font-semibold">
            {t("login")}
          </h2>
          <HydrationBoundary state={dehydrate(queryClient)}>
            <InstanceLogin
              instanceId={inst.InstanceId}
              canToggle={can(user.role, "login.set")}
              deniedReason={deniedReason(user.role, "login.set", locale)}
              allowNoExpiry={config().CONSOLE_LOGIN_ALLOW_NO_EXPIRY === true}
              loginMode={loginMode}
              breakGlass={loginMode === "request" && mayBreakGlass(policy, user.role)}
              requestMaxMinutes={policy.loginMaxMinutes}
              myKeys={myKeys.map((k) => ({ keyName: k.keyName, name: k.name }))}
              personalKeysOnly={policy.personalKeysOnly}
            />
          </HydrationBoundary>
        </section>
      </div>
      <EntityHistory targetId={inst.InstanceId} title={t("history", { id: inst.InstanceId })} />
    </div>
  );
}
