"use client";

import { backgroundFetch } from "@/lib/background-fetch";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { AicPublicKeyDelivery } from "@/lib/ens/types";
import type { LoginState } from "@/lib/instances/types";
import { LoginSwitch } from "./login-switch";
import { instanceKey } from "./use-login-mutation";

type Data = { login: LoginState; deliveries: AicPublicKeyDelivery[] };

/** The instance page's toggle and deliveries, kept fresh from ENS. */
export function InstanceLogin({ instanceId, initial, canToggle, deniedReason }: { instanceId: string; initial: Data; canToggle: boolean; deniedReason: string }) {
  const router = useRouter();
  const q = useQuery({
    queryKey: instanceKey(instanceId),
    initialData: initial,
    queryFn: async (): Promise<Data> => {
      const res = await backgroundFetch(`/api/instances/${encodeURIComponent(instanceId)}`);
      if (!res.ok) throw new Error(`Login state could not be read (${res.status})`);
      return res.json();
    },
  });
  return (
    <div className="space-y-4">
      <LoginSwitch instanceId={instanceId} login={q.data.login} canToggle={canToggle} deniedReason={deniedReason} onSettled={() => router.refresh()} />
      {!canToggle && <p className="text-xs text-slate-500">{deniedReason}</p>}
      <div>
        <h3 className="mb-1 text-sm font-medium">Deliveries</h3>
        {q.data.deliveries.length === 0 ? (
          <p className="text-sm text-slate-500">No key is delivered to this instance.</p>
        ) : (
          <table className="w-full text-sm" aria-label="Deliveries">
            <thead className="text-left text-xs uppercase text-slate-500">
              <tr><th>Key</th><th>Group</th><th>Type</th><th>Since</th></tr>
            </thead>
            <tbody>
              {q.data.deliveries.map((d) => (
                <tr key={`${d.KeyName}-${d.KeyGroup}`} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-1 font-mono text-xs">{d.KeyName}</td>
                  <td>{d.KeyGroup}</td>
                  <td>{d.KeyType}</td>
                  <td className="text-xs">{d.CreationTime}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
