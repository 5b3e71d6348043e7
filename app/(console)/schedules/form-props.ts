import "server-only";
import type { ActiveUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { readMyKeys } from "@/lib/personal-keys/read";
import { readAccessPolicy } from "@/lib/requests/read";
import { readViewsMenu } from "@/lib/views/read";

/** What the schedule form needs from the server: the saved views the user sees and their key choices. */
export async function scheduleFormProps(user: ActiveUser) {
  const [views, policy, myKeys] = await Promise.all([
    readViewsMenu(user),
    readAccessPolicy(),
    can(user.role, "self.keys") ? readMyKeys(user.id) : [],
  ]);
  return {
    views,
    isAdmin: user.role === "admin",
    myKeys: myKeys.map((k) => ({ keyName: k.keyName, name: k.name })),
    personalKeysOnly: policy.personalKeysOnly,
  };
}
