"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { setLogin } from "@/lib/actions/logins";
import type { ActionError } from "@/lib/actions/result";
import type { LoginState } from "@/lib/instances/view";
import type { InstanceLoginView } from "@/lib/instances/login-view";
import type { LoginLeaseView } from "@/lib/logins/view";
import { fetchInstanceLogin } from "@/lib/queries/instance";
import { queryKeys } from "@/lib/queries/query-keys";
import { showErrorToast } from "@/components/error-toast";
import { cachedRow, writeFleetLogin, writeInstanceLogin } from "./login-cache";

export class ActionFailure extends Error {
  constructor(readonly error: ActionError) {
    super(error.message);
  }
}

export interface LoginChange {
  action: "open" | "close";
  keyName?: string;
  keyGroup?: string;
  /** An open: how long (or, where allowed, no expiry) and why. */
  durationMinutes?: number;
  noExpiry?: true;
  reason?: string;
}

/** The lease an open will leave, shown until ENS's answer brings the real one. */
function optimisticLease(change: LoginChange, now = Date.now()): LoginLeaseView {
  return {
    expiresAt: change.durationMinutes === undefined ? null : new Date(now + change.durationMinutes * 60_000).toISOString(),
    openedAt: new Date(now).toISOString(),
    openedBy: null,
    reason: change.reason ?? "",
    state: "active",
    lastError: null,
    auditOperationId: null,
    adopted: false,
  };
}

/** Runs `fn` once the browser has painted the next frame (at once-ish in a hidden tab, which does not paint). */
function afterNextPaint(fn: () => void) {
  if (typeof document === "undefined" || document.hidden) setTimeout(fn, 0);
  else requestAnimationFrame(() => setTimeout(fn, 0));
}

const FLEET_KEY = queryKeys.fleet;
const instanceKey = queryKeys.instance;
type InstanceData = InstanceLoginView;

const READ_BACK_FAILED = "Console.ReadBackFailed";

async function readLoginAgain(instanceId: string, message: string): Promise<LoginState> {
  try {
    return (await fetchInstanceLogin(instanceId)).login;
  } catch {
    throw new ActionFailure({ code: READ_BACK_FAILED, message });
  }
}

/** Optimistic toggle: snapshot → optimistic state → rollback on error → the state ENS reads back. */
export function useLoginMutation(instanceId: string, onSettled?: () => void) {
  const t = useTranslations("instances.toasts");
  const qc = useQueryClient();
  // Only this instance's row is ever written: other toggles may be in flight on the same list.
  const writeRow = (login: LoginState) => writeFleetLogin(qc, instanceId, login);
  const write = (login: LoginState) => {
    writeRow(login);
    writeInstanceLogin(qc, instanceId, login);
  };
  return useMutation({
    mutationKey: ["login", instanceId],
    mutationFn: async (change: LoginChange): Promise<{ login: LoginState }> => {
      const res = await setLogin({ instanceId, ...change });
      if (!res.ok) throw new ActionFailure(res.error);
      // ENS made the change but the server could not read it back: read it here, still busy,
      // rather than settle on a state nobody read.
      return res.data.login ? { login: res.data.login } : { login: await readLoginAgain(instanceId, t("readBackFailed")) };
    },
    onMutate: async (change) => {
      await Promise.all([qc.cancelQueries({ queryKey: FLEET_KEY }), qc.cancelQueries({ queryKey: instanceKey(instanceId) })]);
      const snapshot = {
        row: cachedRow(qc, instanceId)?.login,
        instance: qc.getQueryData<InstanceData>(instanceKey(instanceId)),
      };
      const key = change.keyName ?? (change.keyGroup ? t("groupKey", { group: change.keyGroup }) : "");
      write(
        change.action === "open"
          ? { open: true, keys: key ? [key] : [], lease: optimisticLease(change), outside: false }
          : { open: false, keys: [], lease: null, outside: false },
      );
      return snapshot;
    },
    onError: (err, change, snapshot) => {
      // Back to the state last read from ENS, for this row alone.
      if (snapshot?.row) writeRow(snapshot.row);
      if (snapshot?.instance) qc.setQueryData(instanceKey(instanceId), snapshot.instance);
      const error = err instanceof ActionFailure ? err.error : { code: "Console.Network", message: t("unreachable") };
      // ENS made a change nobody could read back: the list's copy is stale, so it is read again.
      if (error.code === READ_BACK_FAILED) void qc.invalidateQueries({ queryKey: FLEET_KEY });
      const title =
        error.code === READ_BACK_FAILED
          ? t(change.action === "open" ? "openedUnconfirmed" : "closedUnconfirmed", { id: instanceId })
          : t(change.action === "open" ? "openFailed" : "closeFailed", { id: instanceId });
      showErrorToast(title, error);
    },
    onSuccess: (data) => write(data.login),
    // The switch already shows the state ENS read back; refreshing the rest of the page (deliveries,
    // the server-rendered parts) waits until that state has painted, so it cannot delay it.
    onSettled: () =>
      afterNextPaint(() => {
        onSettled?.();
        void qc.invalidateQueries({ queryKey: instanceKey(instanceId) });
      }),
  });
}
