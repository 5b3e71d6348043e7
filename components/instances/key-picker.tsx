"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { isPersonalKeyName } from "@/lib/personal-keys/key-name";
import { Field } from "@/components/ui/field";
import { publicKeysQuery } from "@/lib/queries/public-keys";
import { useAccessPolicy } from "./login-policy";

export type KeyChoice = { keyName?: string; keyGroup?: string };

/** What a choice is, for the sentences built around its name: a key, a key group, or neither. */
export function choiceKind(c: KeyChoice): { kind: "key" | "group" | "none"; name: string } {
  return c.keyName ? { kind: "key", name: c.keyName } : c.keyGroup ? { kind: "group", name: c.keyGroup } : { kind: "none", name: "" };
}

/** "key alice", "key group ops", "no key", in the viewer's words. */
export function useDescribeChoice(): (c: KeyChoice) => string {
  const t = useTranslations("instances.keyPicker");
  return (c) => t("choice", choiceKind(c));
}

export function useKeys(enabled = true) {
  return useQuery({ ...publicKeysQuery, enabled });
}

/** The picker's first value: the user's own (newest) personal key, else nothing chosen. */
export function useDefaultKeyChoice(): string {
  const { myKeys } = useAccessPolicy();
  return myKeys.length ? `key:${myKeys[0].keyName}` : "";
}

/**
 * The user's own keys (My keys) first, then the uploaded shared keys and key groups (hidden where
 * the policy says personal keys only; other users' personal keys are never offered), as one
 * labelled select. Values are `key:<name>` or `group:<name>`. `error` is the form's message for
 * the choice; a failed read of the keys is announced in its place. `forRequest`: a user without
 * a personal key is told where to add one.
 */
export function KeyPicker({
  value,
  onChange,
  error,
  forRequest = false,
}: {
  value: string;
  onChange: (v: string) => void;
  error?: string;
  forRequest?: boolean;
}) {
  const t = useTranslations("instances.keyPicker");
  const { myKeys, personalKeysOnly } = useAccessPolicy();
  const keys = useKeys(!personalKeysOnly);
  const shared = personalKeysOnly ? [] : (keys.data ?? []).filter((k) => !isPersonalKeyName(k.name));
  const groups = [...new Set(shared.map((k) => k.group).filter(Boolean))].sort();
  const loadError = !personalKeysOnly && keys.isError ? (keys.error as Error).message : undefined;
  const loading = !personalKeysOnly && keys.isLoading;
  const hint =
    forRequest && myKeys.length === 0 ? (
      <span data-testid="no-personal-key">
        {t.rich("noPersonalKey", {
          link: (c) => (
            <Link href="/me/keys" className="text-sky-700 underline dark:text-sky-400">
              {c}
            </Link>
          ),
        })}
      </span>
    ) : personalKeysOnly ? (
      t("personalOnly")
    ) : undefined;
  return (
    <Field label={t("label")} hint={hint} error={loadError ?? error} errorRole={loadError ? "alert" : undefined}>
      {(control) => (
        <select {...control} className="input" value={value} onChange={(e) => onChange(e.target.value)} disabled={loading} autoFocus>
          <option value="">{loading ? t("loading") : t("choose")}</option>
          {myKeys.length > 0 && (
            <optgroup label={t("mine")}>
              {myKeys.map((k) => (
                <option key={k.keyName} value={`key:${k.keyName}`}>
                  {t("myKey", { name: k.name })}
                </option>
              ))}
            </optgroup>
          )}
          {!personalKeysOnly && (
            <optgroup label={t("keys")}>
              {shared.map((k) => (
                <option key={k.name} value={`key:${k.name}`}>
                  {k.name}
                  {k.group ? ` (${k.group})` : ""}
                </option>
              ))}
            </optgroup>
          )}
          {groups.length > 0 && (
            <optgroup label={t("groups")}>
              {groups.map((g) => (
                <option key={g} value={`group:${g}`}>
                  {t("allInGroup", { group: g })}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      )}
    </Field>
  );
}

export function parseChoice(v: string): KeyChoice {
  if (v.startsWith("key:")) return { keyName: v.slice(4) };
  if (v.startsWith("group:")) return { keyGroup: v.slice(6) };
  return {};
}
