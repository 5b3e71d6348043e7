"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deletePersonalKey, uploadPersonalKey } from "@/lib/actions/personal-keys";
import type { ActionError } from "@/lib/actions/result";
import { looksLikePrivateKey, PRIVATE_KEY_MESSAGE } from "@/lib/keys/schema";
import { PERSONAL_KEY_NAME_MAX, uploadPersonalKeyInput } from "@/lib/personal-keys/schema";
import type { PersonalKeyView } from "@/lib/personal-keys/view";
import { queryKeys } from "@/lib/queries/query-keys";
import { safeParseIn } from "@/lib/validation/localize";
import { showErrorToast, showSuccessToast } from "@/components/error-toast";
import { invalidInput, UNREACHABLE } from "@/components/form-errors";
import { LocalTime } from "@/components/history/local-time";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Field } from "@/components/ui/field";
import { EmptyRow, Table, Tbody, Td, Th, THead, ThHidden, Tr } from "@/components/ui/table";

/**
 * My keys (/me/keys): the user's own public keys (name, ENS name, fingerprint, created, last used),
 * `Delete <name>` on each, and the upload form (`Name`, `Public key`, `Upload`). The form parses the
 * action's own schema first: a private key pasted by mistake never leaves the browser.
 */
export function MyKeys({ keys }: { keys: PersonalKeyView[] }) {
  const t = useTranslations("me.keys");
  const locale = useLocale();
  const router = useRouter();
  const qc = useQueryClient();
  const privateKeyMessage = t("upload.privateKey");
  const [pending, start] = useTransition();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [confirm, setConfirm] = useState<PersonalKeyView | null>(null);
  // The list is server-rendered; the key pickers' list of ENS keys is a query.
  const refresh = () => {
    router.refresh();
    void qc.invalidateQueries({ queryKey: queryKeys.publicKeys });
  };
  const fail = (title: string, e: ActionError) => {
    setFieldErrors(e.fieldErrors ?? {});
    showErrorToast(title, e);
  };

  const onUpload = (form: HTMLFormElement) => {
    const f = new FormData(form);
    const input = { name: String(f.get("name") ?? ""), content: String(f.get("content") ?? "") };
    const checked = safeParseIn(uploadPersonalKeyInput, input, locale);
    if (!checked.success) {
      const errors: Record<string, string> = {};
      for (const issue of checked.error.issues) {
        const field = issue.path.map(String).join(".") || "content";
        // The schema's English words only identify a pasted private key; the reader's words are these.
        if (looksLikePrivateKey(String(input[field as keyof typeof input] ?? "")) || issue.message === PRIVATE_KEY_MESSAGE)
          errors[field] = privateKeyMessage;
      }
      const rest = invalidInput(checked.error, locale).fieldErrors ?? {};
      const all = { ...rest, ...errors };
      setFieldErrors(all);
      form.querySelector<HTMLElement>(`[name="${Object.keys(all)[0] ?? "name"}"]`)?.focus();
      return;
    }
    start(async () => {
      const res = await uploadPersonalKey(checked.data).catch(() => ({ ok: false as const, error: UNREACHABLE }));
      if (!res.ok) return fail(t("upload.failed"), res.error);
      setFieldErrors({});
      form.reset();
      showSuccessToast(t("upload.done", { name: checked.data.name }), t("upload.doneDetail", res.data));
      refresh();
    });
  };

  const onDelete = (k: PersonalKeyView) =>
    start(async () => {
      setConfirm(null);
      const res = await deletePersonalKey({ keyName: k.keyName }).catch(() => ({ ok: false as const, error: UNREACHABLE }));
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

  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <Table aria-label={t("table.label")} container="card" containerClassName="lg:col-span-2">
        <THead>
          <Th>{t("table.name")}</Th>
          <Th>{t("table.keyName")}</Th>
          <Th>{t("table.fingerprint")}</Th>
          <Th>{t("table.created")}</Th>
          <Th>{t("table.lastUsed")}</Th>
          <ThHidden label={t("table.actions")} />
        </THead>
        <Tbody>
          {keys.map((k) => (
            <Tr key={k.keyName} align="middle">
              <Td className="font-medium">{k.name}</Td>
              <Td className="font-mono text-xs">{k.keyName}</Td>
              <Td className="max-w-56 font-mono text-xs break-all">{k.fingerprint}</Td>
              <Td>
                <LocalTime iso={k.createdAt} />
              </Td>
              <Td>
                {k.lastUsedAt ? <LocalTime iso={k.lastUsedAt} /> : <span className="text-xs text-slate-500">{t("table.never")}</span>}
              </Td>
              <Td className="text-right">
                <button
                  type="button"
                  className="btn-secondary"
                  aria-label={t("table.deleteLabel", { name: k.name })}
                  disabled={pending}
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
        aria-labelledby="my-keys-upload"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onUpload(e.currentTarget);
        }}
      >
        <h2 id="my-keys-upload" className="font-semibold">
          {t("upload.title")}
        </h2>
        <Field label={t("upload.name")} hint={t("upload.nameHint", { max: PERSONAL_KEY_NAME_MAX })} error={fieldErrors.name}>
          {(control) => (
            <input
              {...control}
              name="name"
              className="input"
              required
              maxLength={PERSONAL_KEY_NAME_MAX}
              autoComplete="off"
              onChange={(e) => checkSecret("name", e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label={t("upload.content")} hint={t("upload.contentHint")} error={fieldErrors.content} errorRole="alert">
          {(control) => (
            <textarea
              {...control}
              name="content"
              rows={4}
              className="input font-mono text-xs"
              required
              maxLength={1024}
              spellCheck={false}
              onChange={(e) => checkSecret("content", e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" className="btn-primary" disabled={pending}>
          {t("upload.submit")}
        </button>
      </form>
      <Dialog title={t("delete.title", { name: confirm?.name ?? "" })} open={!!confirm} onClose={() => setConfirm(null)}>
        <p className="text-sm">{t("delete.body", { keyName: confirm?.keyName ?? "" })}</p>
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
