"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { cancelOperation } from "@/lib/actions/operations";
import type { ActionResult } from "@/lib/actions/result";
import { queryKeys } from "@/lib/queries/query-keys";
import { showErrorToast } from "../error-toast";

const unreachable: ActionResult<never> = { ok: false, error: { code: "Console.Network", message: "The console could not be reached." } };

/** Stops the items not yet started; those in flight finish and are recorded, so the page keeps polling. */
export function CancelOperationButton({ operationId }: { operationId: string }) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const cancel = async () => {
    setBusy(true);
    try {
      const res = await cancelOperation({ operationId }).catch(() => unreachable);
      if (!res.ok) showErrorToast("The operation was not cancelled", res.error);
      await qc.invalidateQueries({ queryKey: queryKeys.operation(operationId) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className="btn-danger" aria-label="Cancel operation" aria-busy={busy} disabled={busy} onClick={cancel}>
      Cancel
    </button>
  );
}
