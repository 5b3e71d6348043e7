import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { MyKeys } from "@/components/me/my-keys";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { readMyKeys } from "@/lib/personal-keys/read";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("me.keys"))("metaTitle") };
}
export const dynamic = "force-dynamic";

/** My keys: each requester, operator and admin uploads, names and deletes their own public keys. */
export default async function MyKeysPage() {
  const me = await requireUser();
  if (!can(me.role, "self.keys")) notFound();
  const [keys, t] = await Promise.all([readMyKeys(me.id), getTranslations("me.keys")]);
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600 dark:text-slate-400">{t("intro")}</p>
      <MyKeys keys={keys} />
    </div>
  );
}
