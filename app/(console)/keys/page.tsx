import type { Metadata } from "next";
import { KeysManager } from "@/components/keys/keys-manager";
import { can, deniedReason } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { listKeysCached } from "@/lib/keys/list-keys";

export const metadata: Metadata = { title: "Keys" };
export const dynamic = "force-dynamic";

export default async function KeysPage() {
  const user = await requireUser();
  const keys = await listKeysCached();
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Public keys</h1>
      <KeysManager keys={keys} canManage={can(user.role, "keys.manage")} deniedReason={deniedReason(user.role, "keys.manage")} />
    </div>
  );
}
