"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { showErrorToast, showSuccessToast } from "@/components/error-toast";
import { UNREACHABLE } from "@/components/form-errors";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { deleteSchedule, setSchedulePaused } from "@/lib/actions/schedules";

/** A schedule's buttons for its owner or an admin: Pause or Resume, Edit, Delete (confirmed). */
export function ScheduleControls({ id, name, paused }: { id: string; name: string; paused: boolean }) {
  const t = useTranslations("schedules.detail");
  const router = useRouter();
  const [pending, start] = useTransition();
  const [confirming, setConfirming] = useState(false);

  const togglePause = () =>
    start(async () => {
      const res = await setSchedulePaused({ scheduleId: id, paused: !paused }).catch(() => ({ ok: false as const, error: UNREACHABLE }));
      if (!res.ok) return showErrorToast(t(paused ? "resumeFailed" : "pauseFailed"), res.error);
      showSuccessToast(t(paused ? "resumed" : "paused", { name }));
      router.refresh();
    });

  const remove = () =>
    start(async () => {
      const res = await deleteSchedule({ scheduleId: id }).catch(() => ({ ok: false as const, error: UNREACHABLE }));
      setConfirming(false);
      if (!res.ok) return showErrorToast(t("deleteFailed"), res.error);
      showSuccessToast(t("deleted", { name }));
      router.push("/schedules");
      router.refresh();
    });

  return (
    <div className="flex flex-wrap gap-2">
      <button
        type="button"
        className="btn-secondary"
        onClick={togglePause}
        disabled={pending || undefined}
        aria-busy={pending || undefined}
      >
        {t(paused ? "resume" : "pause")}
      </button>
      <Link href={`/schedules/${id}/edit`} className="btn-secondary">
        {t("edit")}
      </Link>
      <button type="button" className="btn-danger" onClick={() => setConfirming(true)} disabled={pending || undefined}>
        {t("delete")}
      </button>
      <Dialog title={t("deleteTitle")} open={confirming} onClose={() => setConfirming(false)}>
        <p className="mb-4 text-sm">{t("deleteBody", { name })}</p>
        <DialogActions
          cancelLabel={t("cancel")}
          onCancel={() => setConfirming(false)}
          confirmLabel={t("deleteConfirm")}
          onConfirm={remove}
          pending={pending}
          danger
        />
      </Dialog>
    </div>
  );
}
