import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { AccessPolicyForm } from "@/components/settings/access-policy-form";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { readAccessPolicy } from "@/lib/requests/read";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.page"))("metaTitle") };
}

/** Admins edit the access policy: who opens a login or shares an image at once, and what waits for approval. */
export default async function AccessSettingsPage() {
  const me = await requireUser();
  if (!can(me.role, "policy.manage")) notFound();
  const [policy, t] = await Promise.all([readAccessPolicy(), getTranslations("settings.page")]);
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p className="max-w-2xl text-sm text-slate-600 dark:text-slate-400">{t("intro")}</p>
      <AccessPolicyForm policy={policy} />
    </div>
  );
}
