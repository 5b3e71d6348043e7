"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createConsoleUser, offboardUser, resetUserPassword, setUserDisabled, setUserRole } from "@/lib/actions/users";
import type { ActionResult } from "@/lib/actions/result";
import type { UserListRow } from "@/lib/users/view";
import { showErrorToast, showSuccessToast } from "@/components/error-toast";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Field } from "@/components/ui/field";
import { Table, Tbody, Td, Th, THead, ThHidden, Tr } from "@/components/ui/table";

import { ROLES } from "@/lib/roles";
type Row = UserListRow;

export function UsersTable({ users }: { users: Row[] }) {
  const t = useTranslations("users");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);
  // The row whose password reset waits for confirmation, then the one-time password, shown once.
  const [confirmReset, setConfirmReset] = useState<string | null>(null);
  const [reset, setReset] = useState<{ email: string; password: string } | null>(null);
  // The row whose `Revoke all access` (offboarding) waits for confirmation.
  const [confirmRevoke, setConfirmRevoke] = useState<string | null>(null);

  const run = <T,>(title: string, call: () => Promise<ActionResult<T>>, onOk?: (data: T) => void) =>
    startTransition(async () => {
      const res = await call();
      if (!res.ok) return showErrorToast(title, res.error);
      onOk?.(res.data);
      router.refresh();
    });

  const onReset = (email: string) => {
    setConfirmReset(null);
    run(
      t("reset.failed"),
      () => resetUserPassword({ email }),
      (d) => {
        setReset({ email: d.email, password: d.password });
        showSuccessToast(t("reset.done", { email: d.email }));
      },
    );
  };

  const onRevoke = (email: string) => {
    setConfirmRevoke(null);
    run(
      t("revoke.failed"),
      () => offboardUser({ email }),
      (d) =>
        showSuccessToast(d.operationId ? t("revoke.started", { email, logins: d.logins, keys: d.keys }) : t("revoke.nothing", { email })),
    );
  };

  return (
    <div className="space-y-4">
      <form
        className="card flex flex-wrap items-end gap-3 p-4"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          run(
            t("add.failed"),
            () => createConsoleUser({ email: String(f.get("email")), role: String(f.get("role")) }),
            (d) => {
              setCreated({ email: d.email, password: d.password });
              showSuccessToast(t("add.done", { email: d.email }));
            },
          );
        }}
      >
        <Field label={t("add.email")}>
          {(control) => <input {...control} name="email" type="email" required className="input w-72" />}
        </Field>
        <Field label={t("add.role")}>
          {(control) => (
            <select {...control} name="role" className="input" defaultValue="viewer">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t("role", { role: r })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button className="btn-primary" disabled={pending}>
          {t("add.submit")}
        </button>
        {created && (
          <p role="status" className="w-full text-sm">
            {t.rich("add.password", {
              email: created.email,
              password: created.password,
              mono: (c) => <span className="font-mono">{c}</span>,
            })}
          </p>
        )}
      </form>
      {reset && (
        <p role="status" className="card p-4 text-sm">
          {t.rich("reset.password", {
            email: reset.email,
            password: reset.password,
            mono: (c) => <span className="font-mono">{c}</span>,
          })}
        </p>
      )}
      <Table container="card">
        <THead>
          <Th>{t("table.email")}</Th>
          <Th>{t("table.role")}</Th>
          <Th>{t("table.state")}</Th>
          <ThHidden label={t("table.actions")} />
        </THead>
        <Tbody>
          {users.map((u) => (
            <Tr key={u.email} align="middle">
              <Td>{u.email}</Td>
              <Td>
                <select
                  aria-label={t("table.roleOf", { email: u.email })}
                  className="input"
                  value={u.role}
                  disabled={pending || u.self}
                  onChange={(e) => run(t("table.roleFailed"), () => setUserRole({ email: u.email, role: e.target.value }))}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t("role", { role: r })}
                    </option>
                  ))}
                </select>
              </Td>
              <Td>{u.disabled ? t("table.disabled") : t("table.active")}</Td>
              <Td className="text-right">
                {!u.self && (
                  <button
                    type="button"
                    className="btn-secondary"
                    disabled={pending}
                    aria-label={t(u.disabled ? "table.enableLabel" : "table.disableLabel", { email: u.email })}
                    onClick={() => run(t("table.userFailed"), () => setUserDisabled({ email: u.email, disabled: !u.disabled }))}
                  >
                    {u.disabled ? t("table.enable") : t("table.disable")}
                  </button>
                )}
                {!u.self && (
                  <button
                    type="button"
                    className="btn-secondary ml-2"
                    disabled={pending}
                    aria-label={t("reset.label", { email: u.email })}
                    onClick={() => setConfirmReset(u.email)}
                  >
                    {t("reset.button")}
                  </button>
                )}
                {!u.self && (
                  <button
                    type="button"
                    className="btn-secondary ml-2"
                    disabled={pending}
                    aria-label={t("revoke.label", { email: u.email })}
                    onClick={() => setConfirmRevoke(u.email)}
                  >
                    {t("revoke.button")}
                  </button>
                )}
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      <Dialog title={t("reset.title", { email: confirmReset ?? "" })} open={!!confirmReset} onClose={() => setConfirmReset(null)}>
        <p className="text-sm">{t("reset.body", { email: confirmReset ?? "" })}</p>
        <DialogActions
          className="mt-4"
          cancelLabel={t("reset.cancel")}
          onCancel={() => setConfirmReset(null)}
          confirmLabel={t("reset.confirm")}
          onConfirm={() => confirmReset && onReset(confirmReset)}
          pending={pending}
          danger
        />
      </Dialog>
      <Dialog title={t("revoke.title", { email: confirmRevoke ?? "" })} open={!!confirmRevoke} onClose={() => setConfirmRevoke(null)}>
        <p className="text-sm">{t("revoke.body", { email: confirmRevoke ?? "" })}</p>
        <DialogActions
          className="mt-4"
          cancelLabel={t("revoke.cancel")}
          onCancel={() => setConfirmRevoke(null)}
          confirmLabel={t("revoke.confirm")}
          onConfirm={() => confirmRevoke && onRevoke(confirmRevoke)}
          pending={pending}
          danger
        />
      </Dialog>
    </div>
  );
}
