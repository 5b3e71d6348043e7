import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { UsersTable } from "@/components/users/users-table";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { readUserList } from "@/lib/users/queries";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requireUser();
  if (!can(me.role, "users.manage")) notFound();
  const users = await readUserList(me.id);
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Users</h1>
      <UsersTable users={users} />
    </div>
  );
}
