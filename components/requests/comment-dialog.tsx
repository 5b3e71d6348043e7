"use client";

import { useState } from "react";
import { UNREACHABLE } from "@/components/form-errors";
import { useErrorText } from "@/components/error-toast";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field } from "@/components/ui/field";
import type { ActionError, ActionResult } from "@/lib/actions/result";
import { COMMENT_MAX } from "@/lib/requests/schema";

/** What a comment dialog says: every string comes from the caller, in the viewer's language. */
export interface CommentDialogWords {
  title: string;
  body?: React.ReactNode;
  comment: string;
  hint?: string;
  /** The field's error when it is required and left empty. */
  required?: string;
  cancel: string;
  confirm: string;
}

/**
 * A decision with a `Comment` (approve, deny, mark reviewed): the comment is checked here when
 * required, then `submit` runs the action; a field error lands under the field, any other error
 * in the dialog, as the server worded it. On success the dialog closes and `onDone` runs.
 */
export function CommentDialog<T>({
  open,
  words,
  danger,
  submit,
  onClose,
  onDone,
}: {
  open: boolean;
  words: CommentDialogWords;
  danger?: boolean;
  submit: (comment: string) => Promise<ActionResult<T>>;
  onClose: () => void;
  onDone: (data: T) => void;
}) {
  const errorText = useErrorText();
  const [comment, setComment] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, setPending] = useState(false);
  const reset = () => {
    setComment("");
    setFieldError(undefined);
    setError(null);
  };
  const close = () => {
    if (pending) return;
    reset();
    onClose();
  };

  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const text = comment.trim();
    if (words.required && !text) return setFieldError(words.required);
    setFieldError(undefined);
    setError(null);
    setPending(true);
    try {
      const res = await submit(text).catch((): ActionResult<T> => ({ ok: false, error: UNREACHABLE }));
      if (!res.ok) {
        const onField = res.error.fieldErrors?.comment;
        if (onField) setFieldError(onField);
        else setError(res.error);
        return;
      }
      reset();
      onDone(res.data);
    } finally {
      setPending(false);
    }
  };

  return (
    <Dialog title={words.title} open={open} onClose={close}>
      <form className="space-y-4" onSubmit={onSubmit} noValidate>
        {words.body && <div className="text-sm">{words.body}</div>}
        <Field label={words.comment} hint={words.hint} error={fieldError} errorRole="alert">
          {(control) => (
            <textarea
              {...control}
              name="comment"
              rows={3}
              maxLength={COMMENT_MAX}
              required={!!words.required}
              aria-required={words.required ? true : undefined}
              className="input w-full"
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          )}
        </Field>
        {error && <ErrorPanel error={{ ...error, message: errorText(error) }} />}
        <DialogActions cancelLabel={words.cancel} onCancel={close} confirmLabel={words.confirm} pending={pending} danger={danger} />
      </form>
    </Dialog>
  );
}
