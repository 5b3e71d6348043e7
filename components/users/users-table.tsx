"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createConsoleUser, setUserDisabled, setUserRole } from "@/lib/actions/users";
import type { ActionResult } from "@/lib/actions/result";
import type { UserListRow } from "@/lib/users/queries";
import { showErrorToast, showSuccessToast } from "@/components/error-toast";

const ROLES = ["viewer", "operator", "auditor", "admin"] as const;
type Row = UserListRow;

export function UsersTable({ users }: { users: Row[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);

  const run = <T,>(title: string, call: () => Promise<ActionResult<T>>, onOk?: (data: T) => void) =>
    startTransition(async () => {
      const res = await call();
      if (!res.ok) return showErrorToast(title, res.error);
      onOk?.(res.data);
      router.refresh();
    });

  return (
    <div className="space-y-4">
      <form
        className="card flex flex-wrap items-end gap-3 p-4"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          run(
            "Could not add the user",
            () => createConsoleUser({ email: String(f.get("email")), role: String(f.get("role")) }),
            (d) => {
              setCreated({ email: d.email, password: d.password });
              showSuccessToast(`Added ${d.email}`);
            },
          );
        }}
      >
        <label className="flex flex-col gap-1 text-sm">
          New user email
          <input name="email" type="email" required className="input w-72" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Role
          <select name="role" className="input" defaultValue="viewer">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button className="btn-primary" disabled={pending}>
          Add user
        </button>
        {created && (
          <p role="status" className="w-full text-sm">
            Password for {created.email} (shown once): <span className="font-mono">{created.password}</span>
          </p>
        )}
      </form>
      <table className="card w-full text-sm">
        <thead className="text-left text-slate-500">
          <tr>
            <th className="p-2">Email</th>
            <th className="p-2">Role</th>
            <th className="p-2">State</th>
            <th className="p-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.email} className="border-t border-slate-200 dark:border-slate-800">
              <td className="p-2">{u.email}</td>
              <td className="p-2">
                <select
                  aria-label={`Role of ${u.email}`}
                  className="input"
                  value={u.role}
                  disabled={pending || u.self}
                  onChange={(e) => run("Could not change the role", () => setUserRole({ email: u.email, role: e.target.value }))}
                >
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td className="p-2">{u.disabled ? "disabled" : "active"}</td>
              <td className="p-2 text-right">
                {!u.self && (
                  <button
                    type="button"
                    className="btn-secondary"
                    disabled={pending}
                    aria-label={`${u.disabled ? "Enable" : "Disable"} ${u.email}`}
                    onClick={() => run("Could not change the user", () => setUserDisabled({ email: u.email, disabled: !u.disabled }))}
                  >
                    {u.disabled ? "Enable" : "Disable"}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
