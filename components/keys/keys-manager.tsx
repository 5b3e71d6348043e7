"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteKey, uploadKey } from "@/lib/actions/keys";
import type { ActionError } from "@/lib/actions/result";
import type { KeyView } from "@/lib/keys/view";
import { KEY_NAME_MIN } from "@/lib/validation/limits";
import { looksLikePrivateKey, PRIVATE_KEY_MESSAGE, uploadKeyInput } from "@/lib/keys/schema";
import { showErrorToast, showSuccessToast } from "@/components/error-toast";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Field } from "@/components/ui/field";
import { EmptyRow, Table, Tbody, Td, Th, THead, ThHidden, Tr } from "@/components/ui/table";
import { queryKeys } from "@/lib/queries/query-keys";

export function KeysManager({ keys, canManage, deniedReason }: { keys: KeyView[]; canManage: boolean; deniedReason: string }) {
  const t = useTranslations("keys");
  const format = useFormatter();
  // The schema's English message only identifies a pasted private key; the reader's words are these.
  const privateKeyMessage = t("upload.privateKey");
  const router = useRouter();
  const qc = useQueryClient();
  // The list on this page is server-rendered; the key picker's copy is a query (lib/queries).
  const refresh = () => {
    router.refresh();
    void qc.invalidateQueries({ queryKey: queryKeys.publicKeys });
  };
  const [pending, start] = useTransition();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [confirm, setConfirm] = useState<KeyView | null>(null);

  const fail = (title: string, e: ActionError) => {
    setFieldErrors(e.fieldErrors ?? {});
    showErrorToast(title, e);
  };

  const onUpload = (form: HTMLFormElement) => {
    const f = new FormData(form);
    const input = Object.fromEntries(["keyName", "keyGroup", "keyType", "content", "description"].map((k) => [k, String(f.get(k) ?? "")]));
    // The action's own schema, checked here first: a private key pasted by mistake never leaves the
    // browser. Other mistakes go to the server as before, which answers (and audits) them.
    const checked = uploadKeyInput.safeParse(input);
    const secrets = checked.success ? [] : checked.error.issues.filter((i) => i.message === PRIVATE_KEY_MESSAGE);
    if (secrets.length) {
      const errors: Record<string, string> = {};
      for (const issue of secrets) errors[issue.path.map(String).join(".") || "content"] ??= privateKeyMessage;
      setFieldErrors(errors);
      form.querySelector<HTMLElement>(`[name="${Object.keys(errors)[0]}"]`)?.focus();
      return;
    }
    start(async () => {
      const res = await uploadKey(input);
      if (!res.ok) return fail(t("upload.failed"), res.error);
      setFieldErrors({});
      form.reset();
      showSuccessToast(t("upload.done", { name: res.data.keyName }));
      refresh();
    });
  };
  const onDelete = (k: KeyView) =>
    start(async () => {
      setConfirm(null);
      const res = await deleteKey({ keyName: k.name });
      if (!res.ok) return fail(t("delete.failed", { name: k.name }), res.error);
      showSuccessToast(t("delete.done", { name: k.name }));
      refresh();
    });

  // Said as soon as it is typed or pasted, not only on submit.
  const checkSecret = (name: string, value: string) =>
    setFieldErrors((prev) => {
      const flagged = prev[name] === privateKeyMessage;
      if (looksLikePrivateKey(value)) return flagged ? prev : { ...prev, [name]: privateKeyMessage };
      if (!flagged) return prev;
      const { [name]: _cleared, ...rest } = prev;
      return rest;
    });

  const field = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Field label={label} error={fieldErrors[name]}>
      {(control) => (
        <input
          {...control}
          name={name}
          className="input"
          disabled={!canManage}
          onChange={(e) => checkSecret(name, e.currentTarget.value)}
          {...props}
        />
      )}
    </Field>
  );

  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <Table aria-label={t("table.label")} container="card" containerClassName="lg:col-span-2">
        <THead>
          <Th>{t("table.name")}</Th>
          <Th>{t("table.group")}</Th>
          <Th>{t("table.type")}</Th>
          <Th>{t("table.deliveries")}</Th>
          <Th>{t("table.created")}</Th>
          <ThHidden label={t("table.actions")} />
        </THead>
        <Tbody>
          {keys.map((k) => (
            <Tr key={k.name} align="middle">
              <Td className="font-mono text-xs">{k.name}</Td>
              <Td>{k.group}</Td>
              <Td>{k.type}</Td>
              <Td>{format.number(k.deliveries)}</Td>
              <Td className="text-xs">{k.createdAt}</Td>
              <Td className="text-right">
                <button
                  type="button"
                  className="btn-secondary"
                  aria-label={t("table.deleteLabel", { name: k.name })}
                  disabled={!canManage || pending}
                  title={canManage ? undefined : deniedReason}
                  onClick={() => setConfirm(k)}
                >
                  {t("table.delete")}
                </button>
              </Td>
            </Tr>
          ))}
          {keys.length === 0 && <EmptyRow columns={6}>{t("table.empty")}</EmptyRow>}
        </Tbody>
      </Table>
      <form
        className="card space-y-3 p-4"
        aria-label={t("upload.title")}
        onSubmit={(e) => {
          e.preventDefault();
          onUpload(e.currentTarget);
        }}
      >
        <h2 className="font-semibold">{t("upload.title")}</h2>
        {!canManage && <p className="text-xs text-slate-500">{deniedReason}</p>}
        {field("keyName", t("upload.keyName", { min: KEY_NAME_MIN, max: 128 }), {
          required: true,
          minLength: KEY_NAME_MIN,
          maxLength: 128,
        })}
        {field("keyGroup", t("upload.keyGroup"), { maxLength: 128 })}
        {field("keyType", t("upload.keyType"), { required: true, defaultValue: "adb" })}
        <Field label={t("upload.content")} error={fieldErrors.content} errorRole="alert">
          {(control) => (
            <textarea
              {...control}
              name="content"
              rows={4}
              className="input font-mono text-xs"
              required
              maxLength={1024}
              disabled={!canManage}
              onChange={(e) => checkSecret("content", e.currentTarget.value)}
            />
          )}
        </Field>
        {field("description", t("upload.description"), { maxLength: 128 })}
        <button className="btn-primary" disabled={!canManage || pending}>
          {t("upload.submit")}
        </button>
      </form>
      <Dialog title={t("delete.title", { name: confirm?.name ?? "" })} open={!!confirm} onClose={() => setConfirm(null)}>
        <p className="text-sm">{confirm?.deliveries ? t("delete.delivered", { count: confirm.deliveries }) : t("delete.removed")}</p>
        <DialogActions
          className="mt-4"
          cancelLabel={t("delete.cancel")}
          onCancel={() => setConfirm(null)}
          confirmLabel={t("delete.confirm")}
          onConfirm={() => confirm && onDelete(confirm)}
          danger
        />
      </Dialog>
    </div>
  );
}
