"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { publicKeysQuery } from "@/lib/queries/public-keys";

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

export function useKeys() {
  return useQuery(publicKeysQuery);
}

/**
 * Uploaded keys and key groups, as one labelled select. Values are `key:<name>` or `group:<name>`.
 * `error` is the form's message for the choice; a failed read of the keys is announced in its place.
 */
export function KeyPicker({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string }) {
  const t = useTranslations("instances.keyPicker");
  const keys = useKeys();
  const groups = [...new Set((keys.data ?? []).map((k) => k.group).filter(Boolean))].sort();
  const loadError = keys.isError ? (keys.error as Error).message : undefined;
  return (
    <Field label={t("label")} error={loadError ?? error} errorRole={loadError ? "alert" : undefined}>
      {(control) => (
        <select {...control} className="input" value={value} onChange={(e) => onChange(e.target.value)} disabled={keys.isLoading} autoFocus>
          <option value="">{keys.isLoading ? t("loading") : t("choose")}</option>
          <optgroup label={t("keys")}>
            {(keys.data ?? []).map((k) => (
              <option key={k.name} value={`key:${k.name}`}>
                {k.name}
                {k.group ? ` (${k.group})` : ""}
              </option>
            ))}
          </optgroup>
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
