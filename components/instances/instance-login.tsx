"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { instanceLoginQuery } from "@/lib/queries/instance";
import { InstanceLease } from "./instance-lease";
import { LoginPolicyProvider } from "./login-policy";
import { LoginSwitch } from "./login-switch";

/**
 * The instance page's toggle, its expiry (or that it was opened outside the console) and the
 * deliveries, kept fresh from ENS (the page prefetches the first read).
 */
export function InstanceLogin({
  instanceId,
  canToggle,
  deniedReason,
  allowNoExpiry,
}: {
  instanceId: string;
  canToggle: boolean;
  deniedReason: string;
  allowNoExpiry: boolean;
}) {
  const t = useTranslations("instances.login");
  const router = useRouter();
  const q = useQuery(instanceLoginQuery(instanceId));
  const policy = useMemo(() => ({ allowNoExpiry }), [allowNoExpiry]);
  if (!q.data) {
    return q.error ? (
      <p role="alert" className="text-sm text-red-700">
        {q.error.message}
      </p>
    ) : (
      <p className="text-sm text-slate-500">{t("loading")}</p>
    );
  }
  // The history below is server-rendered: refreshed with the page once a change settles.
  const refresh = () => router.refresh();
  return (
    <LoginPolicyProvider policy={policy}>
      <div className="space-y-4">
        <LoginSwitch
          instanceId={instanceId}
          login={q.data.login}
          canToggle={canToggle}
          deniedReason={deniedReason}
          onSettled={refresh}
          showLease={false}
        />
        <InstanceLease instanceId={instanceId} login={q.data.login} canToggle={canToggle} deniedReason={deniedReason} onSettled={refresh} />
        {!canToggle && <p className="text-xs text-slate-500">{deniedReason}</p>}
        <div>
          <h3 className="mb-1 text-sm font-medium">{t("deliveries")}</h3>
          {q.data.deliveries.length === 0 ? (
            <p className="text-sm text-slate-500">{t("noDeliveries")}</p>
          ) : (
            <table className="w-full text-sm" aria-label={t("deliveries")}>
              <thead className="text-left text-xs uppercase text-slate-500">
                <tr>
                  <th>{t("columns.key")}</th>
                  <th>{t("columns.group")}</th>
                  <th>{t("columns.type")}</th>
                  <th>{t("columns.since")}</th>
                </tr>
              </thead>
              <tbody>
                {q.data.deliveries.map((d) => (
                  <tr key={`${d.keyName}-${d.keyGroup}`} className="border-t border-slate-100 dark:border-slate-800">
                    <td className="py-1 font-mono text-xs">{d.keyName}</td>
                    <td>{d.keyGroup}</td>
                    <td>{d.keyType}</td>
                    <td className="text-xs">{d.since}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </LoginPolicyProvider>
  );
}
