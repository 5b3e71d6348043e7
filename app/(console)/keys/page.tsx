import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { KeysManager } from "@/components/keys/keys-manager";
import { can, deniedReason } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { listKeysCached } from "@/lib/keys/read";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("keys.page");
  return { title: t("metaTitle") };
}
export const dynamic = "force-dynamic";

export default async function KeysPage() {
  const user = await requireUser();
  const [keys, t, locale] = await Promise.all([listKeysCached(), getTranslations("keys.page"), getLocale()]);
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <KeysManager keys={keys} canManage={can(user.role, "keys.manage")} deniedReason={deniedReason(user.role, "keys.manage", locale)} />
    </div>
  );
}
