"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import type { AccessMode } from "@/lib/policy/access-mode";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { instanceLoginQuery } from "@/lib/queries/instance";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Table, Tbody, Td, Th, THead, Tr } from "@/components/ui/table";
import { InstanceLease } from "./instance-lease";
import { LoginPolicyProvider, type MyKeyChoice } from "./login-policy";
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
  loginMode = "direct",
  breakGlass = false,
  requestMaxMinutes,
  myKeys,
  personalKeysOnly = false,
}: {
  instanceId: string;
  canToggle: boolean;
  deniedReason: string;
  allowNoExpiry: boolean;
  /** How this user gets a login under the access policy: open at once, request, or neither. */
  loginMode?: AccessMode;
  /** Break glass… is offered beside Request login. */
  breakGlass?: boolean;
  /** The longest login a request may ask for. */
  requestMaxMinutes?: number;
  /** The user's own personal keys: the key pickers offer them first and choose the first. */
  myKeys?: readonly MyKeyChoice[];
  /** The policy's `personal keys only`: no shared key or group is offered. */
  personalKeysOnly?: boolean;
}) {
  const t = useTranslations("instances.login");
  const tr = useTranslations("instances.requestLogin");
  const router = useRouter();
  const q = useQuery(instanceLoginQuery(instanceId));
  const policy = useMemo(
    () => ({ allowNoExpiry, loginMode, breakGlass, requestMaxMinutes, myKeys, personalKeysOnly }),
    [allowNoExpiry, loginMode, breakGlass, requestMaxMinutes, myKeys, personalKeysOnly],
  );
  if (!q.data) {
    return q.error ? <ErrorPanel>{q.error.message}</ErrorPanel> : <p className="text-sm text-slate-500">{t("loading")}</p>;
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
          prominent
        />
        <InstanceLease instanceId={instanceId} login={q.data.login} canToggle={canToggle} deniedReason={deniedReason} onSettled={refresh} />
        {loginMode === "request" ? (
          <p className="text-xs text-slate-500">{tr("hint")}</p>
        ) : (
          !canToggle && <p className="text-xs text-slate-500">{deniedReason}</p>
        )}
        <div>
          <h3 className="mb-1 text-sm font-medium">{t("deliveries")}</h3>
          {q.data.deliveries.length === 0 ? (
            <p className="text-sm text-slate-500">{t("noDeliveries")}</p>
          ) : (
            <Table aria-label={t("deliveries")}>
              <THead>
                <Th>{t("columns.key")}</Th>
                <Th>{t("columns.group")}</Th>
                <Th>{t("columns.type")}</Th>
                <Th>{t("columns.since")}</Th>
              </THead>
              <Tbody>
                {q.data.deliveries.map((d) => (
                  <Tr key={`${d.keyName}-${d.keyGroup}`} align="middle">
                    <Td className="font-mono text-xs">{d.keyName}</Td>
                    <Td>{d.keyGroup}</Td>
                    <Td>{d.keyType}</Td>
                    <Td className="text-xs">{d.since}</Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </div>
      </div>
    </LoginPolicyProvider>
  );
}
