"use client";

import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { PowerAction } from "./row-actions";

// Loaded when Reboot or Reset is pressed: most visits never open it.
const BulkDialog = dynamic(() => import("./bulk-dialog").then((m) => m.BulkDialog), { ssr: false });

/** Reboot and Reset of one instance, through the same confirmation as the list's bulk actions. */
export function PowerActions({ instanceId, canPower, deniedReason }: { instanceId: string; canPower: boolean; deniedReason: string }) {
  const t = useTranslations("instances.power");
  const [action, setAction] = useState<PowerAction | null>(null);
  return (
    <div role="group" aria-label={t("label")} className="flex gap-2">
      <button
        type="button"
        className="btn-secondary"
        disabled={!canPower}
        title={canPower ? undefined : deniedReason}
        onClick={() => setAction("reboot")}
      >
        {t("reboot")}
      </button>
      <button
        type="button"
        className="btn-secondary text-red-700 dark:text-red-300"
        disabled={!canPower}
        title={canPower ? undefined : deniedReason}
        onClick={() => setAction("reset")}
      >
        {t("reset")}
      </button>
      {action && <BulkDialog selection={{ ids: [instanceId] }} action={action} onClose={() => setAction(null)} />}
    </div>
  );
}
