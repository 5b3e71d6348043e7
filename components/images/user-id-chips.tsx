"use client";

import { useTranslations } from "next-intl";
import { useId, useRef, useState } from "react";
import clsx from "clsx";
import { mergeUids, splitUids, uidProblem, UID_SEPARATORS } from "@/lib/images/uid";

interface Props {
  values: string[];
  onChange(values: string[]): void;
  disabled?: boolean;
  /** Shown under the field, e.g. why it is disabled. */
  hint?: string;
}

/** The "User IDs" field: each entry becomes a chip, checked as a 16-digit account UID. */
export function UserIdChips({ values, onChange, disabled, hint }: Props) {
  const t = useTranslations("images.chips");
  const [text, setText] = useState("");
  const [notice, setNotice] = useState("");
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const invalid = values.filter((v) => uidProblem(v));

  const merge = (base: string[], entries: string[]) => {
    const { values: next, duplicates } = mergeUids(base, entries);
    onChange(next);
    setNotice(duplicates.length === 0 ? "" : t("duplicates", { count: duplicates.length, list: duplicates.join(", ") }));
  };
  // uidProblem says whether a value is a UID; its words are English, so the reason is said here.
  const problemText = (v: string) => (/^\d+$/.test(v) ? t("wrongLength", { length: v.length }) : t("digitsOnly"));

  const add = (entries: string[]) => entries.length > 0 && merge(values, entries);

  const commit = (raw: string) => {
    add(splitUids(raw));
    setText("");
  };

  const remove = (v: string) => {
    onChange(values.filter((x) => x !== v));
    setNotice("");
    inputRef.current?.focus();
  };

  // An invalid chip goes back into the input to be fixed; what was being typed is committed first.
  const edit = (v: string) => {
    merge(
      values.filter((x) => x !== v),
      splitUids(text),
    );
    setText(v);
    inputRef.current?.focus();
  };

  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {t("label")}
      </label>
      <div
        className={clsx(
          "flex min-h-20 flex-wrap items-start gap-1.5 rounded-md border bg-white p-2 dark:bg-slate-900",
          invalid.length ? "border-red-400 dark:border-red-700" : "border-slate-300 dark:border-slate-700",
          disabled && "opacity-60",
        )}
        onClick={() => inputRef.current?.focus()}
      >
        <ul aria-label={t("recipients")} className="contents">
          {values.map((v) => {
            const problem = uidProblem(v) && problemText(v);
            return (
              <li
                key={v}
                aria-invalid={problem ? true : undefined}
                className={clsx(
                  "inline-flex items-center gap-1 rounded-md px-2 py-0.5 font-mono text-sm",
                  problem
                    ? "bg-red-50 text-red-800 ring-1 ring-red-300 dark:bg-red-950 dark:text-red-300"
                    : "bg-slate-100 dark:bg-slate-800",
                )}
              >
                <span>{v}</span>
                {problem && <span className="font-sans text-xs">{t("invalid", { problem })}</span>}
                {problem && (
                  <button
                    type="button"
                    aria-label={t("editLabel", { uid: v })}
                    disabled={disabled}
                    className="rounded px-1 font-sans text-xs underline hover:bg-red-100 dark:hover:bg-red-900"
                    onClick={(e) => {
                      e.stopPropagation();
                      edit(v);
                    }}
                  >
                    {t("edit")}
                  </button>
                )}
                <button
                  type="button"
                  aria-label={t("removeLabel", { uid: v })}
                  disabled={disabled}
                  className="rounded px-1 text-slate-500 hover:bg-slate-200 hover:text-slate-900 dark:hover:bg-slate-700"
                  onClick={(e) => {
                    e.stopPropagation();
                    remove(v);
                  }}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
        <input
          ref={inputRef}
          id={id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          disabled={disabled}
          aria-describedby={`${id}-help ${id}-count`}
          aria-invalid={invalid.length ? true : undefined}
          className="min-w-48 flex-1 bg-transparent px-1 py-0.5 font-mono text-sm outline-none"
          placeholder={values.length ? "" : t("placeholder")}
          value={text}
          onChange={(e) => {
            const v = e.target.value;
            // A typed separator (comma or space) closes the entry before it.
            if (UID_SEPARATORS.test(v)) {
              const parts = v.split(UID_SEPARATORS);
              const rest = parts.pop() ?? "";
              add(parts.map((p) => p.trim()).filter(Boolean));
              setText(rest);
            } else setText(v);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              commit(text);
            } else if (e.key === "Backspace" && text === "" && values.length) {
              e.preventDefault();
              remove(values[values.length - 1]);
            }
          }}
          onPaste={(e) => {
            e.preventDefault();
            commit(text + e.clipboardData.getData("text"));
          }}
          onBlur={() => text.trim() && commit(text)}
        />
      </div>
      <div className="flex flex-wrap justify-between gap-2 text-xs text-slate-600 dark:text-slate-400">
        <p id={`${id}-help`}>{hint ?? t("help")}</p>
        <p id={`${id}-count`} aria-live="polite">
          {t("count", { count: values.length })}
          {invalid.length > 0 && <span className="text-red-700 dark:text-red-400">{t("invalidCount", { count: invalid.length })}</span>}
        </p>
      </div>
      <p role="status" className="text-xs text-amber-800 dark:text-amber-300">
        {notice}
      </p>
    </div>
  );
}
