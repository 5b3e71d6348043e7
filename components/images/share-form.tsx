"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { shareImage } from "@/lib/actions/images";
import type { ActionResult } from "@/lib/actions/result";
import { isShareOutcome, type ShareOutcome } from "@/lib/images/view";
import { MAX_SHARE_USERS, uidProblem } from "@/lib/images/uid";
import type { AccessMode } from "@/lib/policy/access-mode";
import { showErrorToast, showSuccessToast } from "@/components/error-toast";
import { ConfirmShareDialog } from "./confirm-share-dialog";
import { RequestShareForm } from "./request-share-form";
import { ShareResult } from "./share-result";
import { UserIdChips } from "./user-id-chips";

interface Props {
  imageId: string;
  canShare: boolean;
  deniedReason: string;
  /**
   * How this user shares under the access policy: `direct` (the form below, when `canShare`),
   * `request` (the same chips and a reason, sent to an approver), `none` (disabled, saying why).
   */
  mode?: AccessMode;
}

export function ShareForm({ imageId, canShare, deniedReason, mode = "direct" }: Props) {
  if (mode === "request") return <RequestShareForm imageId={imageId} />;
  return <DirectShareForm imageId={imageId} canShare={canShare} deniedReason={deniedReason} />;
}

function DirectShareForm({ imageId, canShare, deniedReason }: Omit<Props, "mode">) {
  const t = useTranslations("images.form");
  const router = useRouter();
  const [users, setUsers] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<ShareOutcome | null>(null);

  const mutation = useMutation<ActionResult<ShareOutcome>, Error, string[]>({
    mutationFn: (list) => shareImage({ imageId, users: list }),
    onSuccess(result) {
      if (result.ok) {
        setOutcome(result.data);
        setUsers([]);
        showSuccessToast(t("shared"), t("sharedDetail", { imageId, count: result.data.total }));
      } else {
        const detail = isShareOutcome(result.error.details) ? result.error.details : null;
        setOutcome(detail);
        // Keep only the recipients that did not get the image, so a retry sends just those.
        if (detail) setUsers(detail.batches.filter((b) => !b.ok).flatMap((b) => b.users));
        const title = detail && detail.shared > 0 ? t("partlyFailed") : t("failed");
        showErrorToast(title, result.error);
      }
      router.refresh();
    },
    onError() {
      showErrorToast(t("failed"), { code: "Console.Unreachable", message: t("unreachable") });
    },
  });

  const invalid = users.filter((u) => uidProblem(u)).length;
  const tooMany = users.length > MAX_SHARE_USERS;
  const blocked = !canShare || mutation.isPending || users.length === 0 || invalid > 0 || tooMany;
  const why = !canShare
    ? deniedReason
    : invalid > 0
      ? t("fixInvalid", { count: invalid })
      : tooMany
        ? t("tooMany", { max: MAX_SHARE_USERS })
        : users.length === 0
          ? t("empty")
          : null;

  return (
    <div className="space-y-4">
      <form
        aria-label={t("label")}
        className="card space-y-3 p-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!blocked) setConfirming(true);
        }}
      >
        {!canShare && (
          <p
            role="note"
            className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
          >
            {deniedReason}
          </p>
        )}
        <UserIdChips values={users} onChange={setUsers} disabled={!canShare || mutation.isPending} />
        <div className="flex items-center gap-3">
          <button type="submit" className="btn-primary" disabled={blocked} aria-describedby={why ? "share-blocked" : undefined}>
            {mutation.isPending ? t("sharing") : t("share")}
          </button>
          {why && (
            <p id="share-blocked" className="text-sm text-slate-600 dark:text-slate-400">
              {why}
            </p>
          )}
        </div>
      </form>
      <ConfirmShareDialog
        open={confirming}
        imageId={imageId}
        users={users}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          setOutcome(null);
          mutation.mutate(users);
        }}
      />
      {outcome && <ShareResult outcome={outcome} />}
    </div>
  );
}
