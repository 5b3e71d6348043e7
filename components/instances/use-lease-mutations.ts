"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { adoptLogin, extendLogin } from "@/lib/actions/logins";
import type { ActionError } from "@/lib/actions/result";
import type { LoginState } from "@/lib/instances/view";
import { showErrorToast, showSuccessToast } from "@/components/error-toast";
import { UNREACHABLE } from "@/components/form-errors";
import type { ExpiryInput } from "./login-expiry-fields";
import { clockTime, useTimeWords } from "./login-time";
import { refreshLogin, updateLogin } from "./login-cache";
import { ActionFailure } from "./use-login-mutation";

// Extend and adopt: neither answers with a whole login state, so each writes what it changed into
// the cached row and page, then reads both again.

export type ExtendBy = { byMinutes: number } | { until: string };

const errorOf = (err: unknown): ActionError => (err instanceof ActionFailure ? err.error : UNREACHABLE);

export function useExtendLogin(instanceId: string, onSettled?: () => void) {
  const t = useTranslations("instances.toasts");
  const words = useTimeWords();
  const qc = useQueryClient();
  return useMutation({
    mutationKey: ["login-lease", instanceId],
    mutationFn: async (by: ExtendBy) => {
      const res = await extendLogin({ instanceId, ...by }).catch(() => ({ ok: false as const, error: UNREACHABLE }));
      if (!res.ok) throw new ActionFailure(res.error);
      return res.data;
    },
    onSuccess: (data) => {
      updateLogin(qc, instanceId, (l) =>
        l.lease ? { ...l, lease: { ...l.lease, expiresAt: data.expiresAt, state: "active", lastError: null } } : l,
      );
      showSuccessToast(
        t("extended", { id: instanceId }),
        data.expiresAt ? t("extendedCloses", { time: clockTime(words, data.expiresAt) }) : t("extendedNoExpiry"),
      );
    },
    onError: (err) => showErrorToast(t("extendFailed", { id: instanceId }), errorOf(err)),
    onSettled: () => {
      refreshLogin(qc, instanceId);
      onSettled?.();
    },
  });
}

export function useAdoptLogin(instanceId: string, onSettled?: () => void) {
  const t = useTranslations("instances.toasts");
  const words = useTimeWords();
  const qc = useQueryClient();
  return useMutation({
    mutationKey: ["login-lease", instanceId],
    mutationFn: async (input: ExpiryInput) => {
      const res = await adoptLogin({ instanceId, ...input }).catch(() => ({ ok: false as const, error: UNREACHABLE }));
      if (!res.ok) throw new ActionFailure(res.error);
      return { ...res.data, reason: input.reason };
    },
    onSuccess: (data) => {
      const adopted = (l: LoginState): LoginState => ({
        ...l,
        open: true,
        keys: data.keys.length ? data.keys : l.keys,
        outside: false,
        // The opener and the audit link come with the next read.
        lease: {
          expiresAt: data.expiresAt,
          openedAt: new Date().toISOString(),
          openedBy: null,
          reason: data.reason.trim(),
          state: "active",
          lastError: null,
          auditOperationId: null,
          adopted: true,
        },
      });
      updateLogin(qc, instanceId, adopted);
      showSuccessToast(
        t("adopted", { id: instanceId }),
        data.expiresAt ? t("adoptedCloses", { time: clockTime(words, data.expiresAt) }) : t("adoptedNoExpiry"),
      );
    },
    onError: (err) => showErrorToast(t("adoptFailed", { id: instanceId }), errorOf(err)),
    onSettled: () => {
      refreshLogin(qc, instanceId);
      onSettled?.();
    },
  });
}
