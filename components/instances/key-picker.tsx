"use client";

import { useQuery } from "@tanstack/react-query";
import { publicKeysQuery } from "@/lib/queries/public-keys";

export type KeyChoice = { keyName?: string; keyGroup?: string };

export function describeChoice(c: KeyChoice): string {
  return c.keyName ? `key ${c.keyName}` : c.keyGroup ? `key group ${c.keyGroup}` : "no key";
}

export function useKeys() {
  return useQuery(publicKeysQuery);
}

/** Uploaded keys and key groups, as one labelled select. Values are `key:<name>` or `group:<name>`. */
export function KeyPicker({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const keys = useKeys();
  const groups = [...new Set((keys.data ?? []).map((k) => k.group).filter(Boolean))].sort();
  return (
    <label className="flex flex-col gap-1 text-sm">
      Public key
      <select className="input" value={value} onChange={(e) => onChange(e.target.value)} disabled={keys.isLoading} autoFocus>
        <option value="">{keys.isLoading ? "Loading keys…" : "Choose a key or key group"}</option>
        <optgroup label="Keys">
          {(keys.data ?? []).map((k) => (
            <option key={k.name} value={`key:${k.name}`}>
              {k.name}
              {k.group ? ` (${k.group})` : ""}
            </option>
          ))}
        </optgroup>
        {groups.length > 0 && (
          <optgroup label="Key groups">
            {groups.map((g) => (
              <option key={g} value={`group:${g}`}>
                All keys in {g}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      {keys.isError && (
        <span role="alert" className="text-red-700">
          {(keys.error as Error).message}
        </span>
      )}
    </label>
  );
}

export function parseChoice(v: string): KeyChoice {
  if (v.startsWith("key:")) return { keyName: v.slice(4) };
  if (v.startsWith("group:")) return { keyGroup: v.slice(6) };
  return {};
}
