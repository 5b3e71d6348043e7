"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { showErrorToast, showSuccessToast } from "@/components/error-toast";
import { UNREACHABLE } from "@/components/form-errors";
import { approveAccessRequest, cancelAccessRequest, denyAccessRequest } from "@/lib/actions/requests";
import type { ActionResult } from "@/lib/actions/result";
import { CommentDialog } from "./comment-dialog";

/**
 * What the viewer may do with one request: `Approve` and `Deny` (each a dialog with a `Comment`,
 * required to deny) when they may decide it, `Cancel request` when it is theirs and pending.
 * After a success: a toast, and the page is read again.
 */
export function RequestDecision({
  requestId,
  canApprove,
  canCancel,
  remaining,
}: {
  requestId: string;
  canApprove: boolean;
  canCancel: boolean;
  /** Approvals still needed, this one included. */
  remaining: number;
}) {
  const t = useTranslations("requests.decide");
  const router = useRouter();
  const [dialog, setDialog] = useState<"approve" | "deny" | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const close = () => setDialog(null);
  const done = (message: string) => {
    setDialog(null);
    showSuccessToast(message);
    router.refresh();
  };

  const cancel = async () => {
    setCancelling(true);
    try {
      const res = await cancelAccessRequest({ requestId }).catch((): ActionResult<unknown> => ({ ok: false, error: UNREACHABLE }));
      if (!res.ok) return showErrorToast(t("cancelFailed"), res.error);
      done(t("cancelled"));
    } finally {
      setCancelling(false);
    }
  };

  if (!canApprove && !canCancel) return null;
  return (
    <div className="flex flex-wrap gap-2">
      {canApprove && (
        <>
          <button type="button" className="btn-primary" onClick={() => setDialog("approve")}>
            {t("approve")}
          </button>
          <button type="button" className="btn-danger" onClick={() => setDialog("deny")}>
            {t("deny")}
          </button>
        </>
      )}
      {canCancel && (
        <button type="button" className="btn-secondary" onClick={cancel} disabled={cancelling} aria-busy={cancelling || undefined}>
          {t("cancelRequest")}
        </button>
      )}
      <CommentDialog
        open={dialog === "approve"}
        words={{
          title: t("approveTitle"),
          body: remaining <= 1 ? t("approveLast") : t("approveMore", { count: remaining - 1 }),
          comment: t("comment"),
          hint: t("commentOptional"),
          cancel: t("cancel"),
          confirm: t("approve"),
        }}
        submit={(comment) => approveAccessRequest(comment ? { requestId, comment } : { requestId })}
        onClose={close}
        onDone={() => done(t("approved"))}
      />
      <CommentDialog
        open={dialog === "deny"}
        danger
        words={{
          title: t("denyTitle"),
          body: t("denyBody"),
          comment: t("comment"),
          required: t("commentRequired"),
          cancel: t("cancel"),
          confirm: t("deny"),
        }}
        submit={(comment) => denyAccessRequest({ requestId, comment })}
        onClose={close}
        onDone={() => done(t("denied"))}
      />
    </div>
  );
}
