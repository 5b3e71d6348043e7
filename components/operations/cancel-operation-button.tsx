"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { cancelOperation } from "@/lib/actions/operations";
import type { ActionResult } from "@/lib/actions/result";
import { queryKeys } from "@/lib/queries/query-keys";
import { showErrorToast } from "../error-toast";

/** Stops the items not yet started; those in flight finish and are recorded, so the page keeps polling. */
export function CancelOperationButton({ operationId }: { operationId: string }) {
  const t = useTranslations("operations.cancel");
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const cancel = async () => {
    setBusy(true);
    try {
      const unreachable: ActionResult<never> = { ok: false, error: { code: "Console.Network", message: t("unreachable") } };
      const res = await cancelOperation({ operationId }).catch(() => unreachable);
      if (!res.ok) showErrorToast(t("failed"), res.error);
      await qc.invalidateQueries({ queryKey: queryKeys.operation(operationId) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className="btn-danger" aria-label={t("label")} aria-busy={busy} disabled={busy} onClick={cancel}>
      {t("button")}
    </button>
  );
}
