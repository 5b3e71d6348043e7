import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { UsersTable } from "@/components/users/users-table";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { readUserList } from "@/lib/users/read";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("users.page");
  return { title: t("metaTitle") };
}

export default async function UsersPage() {
  const me = await requireUser();
  if (!can(me.role, "users.manage")) notFound();
  const [users, t] = await Promise.all([readUserList(me.id), getTranslations("users.page")]);
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <UsersTable users={users} />
    </div>
  );
}
