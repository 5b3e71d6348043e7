"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { ErrorPanel } from "@/components/ui/error-panel";
import { signInInput } from "@/lib/auth/sign-in-input";

type Translate = ReturnType<typeof useTranslations<"auth.login.errors">>;

/** The words for a refused sign-in's code ("Console.TooManyAttempts:30" carries the wait). */
function messageFor(t: Translate, code: string | undefined): string {
  if (code?.startsWith("Console.TooManyAttempts")) {
    const wait = Number(code.split(":")[1]);
    return wait > 0 ? t("tooManyAttempts", { seconds: wait }) : t("tooManyAttemptsSoon");
  }
  if (code === "Console.InvalidEmail") return t("invalidEmail");
  return t("wrongCredentials");
}

/** The words for the schema's first complaint, by field (the schema's own messages are English). */
function issueMessage(t: Translate, issue: { path: PropertyKey[]; code: string } | undefined): string {
  if (issue?.path[0] !== "password") return t("invalidEmail");
  return issue.code === "too_small" ? t("enterPassword") : t("wrongCredentials");
}

export function LoginForm({
  next,
  ssoName,
  expired,
  initialError = null,
}: {
  next: string;
  ssoName: string | null;
  expired: boolean;
  /** Why the last SSO sign-in was refused, in the reader's language (the page picks it by code). */
  initialError?: string | null;
}) {
  const t = useTranslations("auth.login");
  const te = useTranslations("auth.login.errors");
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    // The server runs the same schema; a malformed email never leaves the browser.
    const parsed = signInInput.safeParse({ email: form.get("email"), password: form.get("password") });
    if (!parsed.success) {
      setError(issueMessage(te, parsed.error.issues[0]));
      return;
    }
    setPending(true);
    setError(null);
    try {
      // redirectTo: the default (this page's address) may carry an earlier SSO refusal's
      // `?error=`, which next-auth's client would read as this sign-in's.
      const res = await signIn("credentials", { ...parsed.data, redirect: false, redirectTo: next });
      if (!res || res.error) {
        setError(messageFor(te, res?.code));
        return;
      }
      // A full navigation, so the server renders the console with the new session cookie.
      window.location.assign(next);
    } catch {
      setError(te("unreachable"));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {expired && (
        <p role="status" className="rounded-md bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          {t("expired")}
        </p>
      )}
      <Field id="email" label={t("email")} labelClassName="font-medium">
        {(control) => <input {...control} name="email" type="email" autoComplete="username" required className="input" autoFocus />}
      </Field>
      <Field id="password" label={t("password")} labelClassName="font-medium">
        {(control) => <input {...control} name="password" type="password" autoComplete="current-password" required className="input" />}
      </Field>
      {error && <ErrorPanel>{error}</ErrorPanel>}
      <button type="submit" className="btn-primary w-full" disabled={pending}>
        {pending ? t("submitting") : t("submit")}
      </button>
      {ssoName && (
        <button type="button" className="btn-secondary w-full" onClick={() => signIn("oidc", { redirectTo: next })}>
          {t("continueWith", { provider: ssoName })}
        </button>
      )}
    </form>
  );
}
