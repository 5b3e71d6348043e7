"use client";

import { useState } from "react";
import { Dialog } from "@/components/dialog";
import { KeyPicker, describeChoice, parseChoice, type KeyChoice } from "./key-picker";

/** Asks which key or key group to open login with. */
export function OpenLoginDialog({
  instanceId,
  onCancel,
  onConfirm,
}: {
  instanceId: string;
  onCancel: () => void;
  onConfirm: (c: KeyChoice) => void;
}) {
  const [choice, setChoice] = useState("");
  return (
    <Dialog title={`Open login on ${instanceId}`} open onClose={onCancel}>
      <div className="space-y-4">
        <KeyPicker value={choice} onChange={setChoice} />
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Holders of the {choice ? describeChoice(parseChoice(choice)) : "chosen key"} will be able to log in to {instanceId}.
        </p>
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="btn-primary" disabled={!choice} onClick={() => onConfirm(parseChoice(choice))}>
            Open login
          </button>
        </div>
      </div>
    </Dialog>
  );
}
