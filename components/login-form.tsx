"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { INVALID_EMAIL, signInInput } from "@/lib/validation/sign-in";

function messageFor(code: string | undefined): string {
  if (code?.startsWith("Console.TooManyAttempts")) {
    const wait = code.split(":")[1];
    return `Too many failed attempts. Try again in ${wait ?? "a few"} seconds.`;
  }
  if (code === "Console.InvalidEmail") return INVALID_EMAIL;
  return "Wrong email or password.";
}

export function LoginForm({ next, ssoName, expired }: { next: string; ssoName: string | null; expired: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    // The server runs the same schema; a malformed email never leaves the browser.
    const parsed = signInInput.safeParse({ email: form.get("email"), password: form.get("password") });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? INVALID_EMAIL);
      return;
    }
    setPending(true);
    setError(null);
    try {
      const res = await signIn("credentials", { ...parsed.data, redirect: false });
      if (!res || res.error) {
        setError(messageFor(res?.code));
        return;
      }
      // A full navigation, so the server renders the console with the new session cookie.
      window.location.assign(next);
    } catch {
      setError("The console could not be reached. Try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {expired && (
        <p role="status" className="rounded-md bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          Your session ended. Sign in again to continue.
        </p>
      )}
      <div className="flex flex-col gap-1">
        <label htmlFor="email" className="text-sm font-medium">
          Email
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required className="input" autoFocus />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="password" className="text-sm font-medium">
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className="input" />
      </div>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          {error}
        </p>
      )}
      <button type="submit" className="btn-primary w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      {ssoName && (
        <button type="button" className="btn-secondary w-full" onClick={() => signIn("oidc", { redirectTo: next })}>
          Continue with {ssoName}
        </button>
      )}
    </form>
  );
}
