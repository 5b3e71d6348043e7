"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { instanceLoginQuery } from "@/lib/queries/instance";
import { LoginSwitch } from "./login-switch";

/** The instance page's toggle and deliveries, kept fresh from ENS (the page prefetches the first read). */
export function InstanceLogin({ instanceId, canToggle, deniedReason }: { instanceId: string; canToggle: boolean; deniedReason: string }) {
  const router = useRouter();
  const q = useQuery(instanceLoginQuery(instanceId));
  if (!q.data) {
    return q.error ? (
      <p role="alert" className="text-sm text-red-700">
        {q.error.message}
      </p>
    ) : (
      <p className="text-sm text-slate-500">Loading the login state…</p>
    );
  }
  // The history below is server-rendered: refreshed with the page once the switch settles.
  return (
    <div className="space-y-4">
      <LoginSwitch
        instanceId={instanceId}
        login={q.data.login}
        canToggle={canToggle}
        deniedReason={deniedReason}
        onSettled={() => router.refresh()}
      />
      {!canToggle && <p className="text-xs text-slate-500">{deniedReason}</p>}
      <div>
        <h3 className="mb-1 text-sm font-medium">Deliveries</h3>
        {q.data.deliveries.length === 0 ? (
          <p className="text-sm text-slate-500">No key is delivered to this instance.</p>
        ) : (
          <table className="w-full text-sm" aria-label="Deliveries">
            <thead className="text-left text-xs uppercase text-slate-500">
              <tr>
                <th>Key</th>
                <th>Group</th>
                <th>Type</th>
                <th>Since</th>
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
  );
}
