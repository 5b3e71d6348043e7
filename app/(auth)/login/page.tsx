import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LoginForm } from "@/components/login-form";
import { getActiveUser } from "@/lib/auth/session";
import { safeCallbackPath } from "@/lib/auth/settings";
import { oidcSettings } from "@/lib/auth/oidc";
import { signInErrorKey } from "@/lib/auth/sso-errors";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.login");
  return { title: t("title") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const next = safeCallbackPath(typeof sp.next === "string" ? sp.next : null);
  if (await getActiveUser()) redirect(next);
  const oidc = oidcSettings();
  const [t, common] = await Promise.all([getTranslations("auth.login"), getTranslations("common")]);
  // Back from a refused or failed SSO sign-in: a sentence chosen by the refusal's code.
  const errorKey = signInErrorKey(sp.error, sp.code);
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="card w-full max-w-sm p-6">
        <h1 className="mb-1 text-xl font-semibold">{common("productName")}</h1>
        <p className="mb-6 text-sm text-slate-500 dark:text-slate-400">{t("subtitle")}</p>
        <LoginForm
          next={next}
          ssoName={oidc?.name ?? null}
          expired={sp.reason === "expired"}
          initialError={errorKey ? t(`errors.${errorKey}`) : null}
        />
      </div>
    </main>
  );
}
