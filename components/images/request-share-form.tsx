"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createAccessRequest } from "@/lib/actions/requests";
import type { ActionError } from "@/lib/actions/result";
import { MAX_SHARE_USERS, uidProblem } from "@/lib/images/uid";
import { REASON_MAX } from "@/lib/logins/view";
import { shareRequestInput } from "@/lib/requests/schema";
import { safeParseIn } from "@/lib/validation/localize";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field } from "@/components/ui/field";
import { showSuccessToast } from "@/components/error-toast";
import { invalidInput, UNREACHABLE } from "@/components/form-errors";
import { UserIdChips } from "./user-id-chips";

/** A request's page. */
const requestPage = (requestId: string) => `/requests/${encodeURIComponent(requestId)}`;

/**
 * Where the access policy has this user ask for shares: the same User IDs chips and a reason,
 * sent as a request (exactly the chips' IDs, which the approver sees); nothing is shared until
 * another person approves it.
 */
export function RequestShareForm({ imageId }: { imageId: string }) {
  const t = useTranslations("images.request");
  const tf = useTranslations("images.form");
  const locale = useLocale();
  const router = useRouter();
  const [users, setUsers] = useState<string[]>([]);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ActionError | null>(null);

  const invalid = users.filter((u) => uidProblem(u)).length;
  const tooMany = users.length > MAX_SHARE_USERS;
  const blocked = busy || users.length === 0 || invalid > 0 || tooMany;
  const why =
    invalid > 0
      ? tf("fixInvalid", { count: invalid })
      : tooMany
        ? tf("tooMany", { max: MAX_SHARE_USERS })
        : users.length === 0
          ? tf("empty")
          : null;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (blocked) return;
    setError(null);
    // The action's own schema: what it would refuse is said here, beside the field.
    const parsed = safeParseIn(shareRequestInput, { kind: "share", imageId, users, reason }, locale);
    if (!parsed.success) return setError(invalidInput(parsed.error, locale));
    setBusy(true);
    const res = await createAccessRequest(parsed.data).catch(() => ({ ok: false as const, error: UNREACHABLE }));
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setUsers([]);
    setReason("");
    showSuccessToast(
      t("sent"),
      <Link href={requestPage(res.data.requestId)} className="text-sky-700 underline hover:no-underline dark:text-sky-400">
        {t("viewRequest")}
      </Link>,
    );
    router.refresh();
  };
  const others = Object.entries(error?.fieldErrors ?? {}).filter(([k]) => k !== "reason");

  return (
    <form aria-label={t("label")} className="card space-y-3 p-4" onSubmit={submit} noValidate>
      <p
        role="note"
        className="rounded border border-sky-300 bg-sky-50 p-2 text-sm text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-200"
      >
        {t("explain")}
      </p>
      <UserIdChips values={users} onChange={setUsers} disabled={busy} />
      <Field label={t("reason")} error={error?.fieldErrors?.reason} hint={t("reasonHint")}>
        {(control) => (
          <input
            {...control}
            type="text"
            className="input"
            value={reason}
            maxLength={REASON_MAX}
            autoComplete="off"
            disabled={busy}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      {error && (
        <ErrorPanel error={{ code: error.code, message: error.message, requestId: error.requestId }}>
          {others.length > 0 && (
            <ul className="list-disc pl-5">
              {others.map(([k, m]) => (
                <li key={k}>
                  {k}: {m}
                </li>
              ))}
            </ul>
          )}
        </ErrorPanel>
      )}
      <div className="flex items-center gap-3">
        <button
          type="submit"
          className="btn-primary"
          disabled={blocked}
          aria-busy={busy || undefined}
          aria-describedby={why ? "request-share-blocked" : undefined}
        >
          {t("submit")}
        </button>
        {why && (
          <p id="request-share-blocked" className="text-sm text-slate-600 dark:text-slate-400">
            {why}
          </p>
        )}
      </div>
    </form>
  );
}
