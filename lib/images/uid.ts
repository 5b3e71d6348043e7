// Account-UID rules shared by the share form (in the browser) and the share schema. No zod here,
// so the form does not ship the validation library.

/** ShareAICImage takes at most this many UIDs per call (ens-api.md §2). */
export const ENS_SHARE_BATCH = 10;
/** The most recipients one console request may carry; the action splits them into ENS batches. */
export const MAX_SHARE_USERS = 100;

const UID = /^\d{16}$/;
/** What separates entries in pasted or typed text. */
export const UID_SEPARATORS = /[\s,;]+/;

/** Why `value` is not an Alibaba Cloud account UID, or null when it is one. */
export function uidProblem(value: string): string | null {
  if (UID.test(value)) return null;
  if (!/^\d+$/.test(value)) return "Only digits are allowed; an account UID is 16 digits.";
  return `An account UID has exactly 16 digits; this has ${value.length}.`;
}

/** Splits pasted or typed text into trimmed, non-empty entries (order kept, duplicates kept). */
export function splitUids(text: string): string[] {
  return text
    .split(UID_SEPARATORS)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface MergeResult {
  /** `existing` followed by the new, distinct entries. */
  values: string[];
  /** Entries that were dropped because they were already there (each listed once). */
  duplicates: string[];
}

/** Adds `incoming` to `existing`, dropping anything already present. */
export function mergeUids(existing: readonly string[], incoming: readonly string[]): MergeResult {
  const seen = new Set(existing);
  const values = [...existing];
  const duplicates = new Set<string>();
  for (const v of incoming) {
    if (seen.has(v)) duplicates.add(v);
    else {
      seen.add(v);
      values.push(v);
    }
  }
  return { values, duplicates: [...duplicates] };
}

/** Splits `items` into consecutive groups of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
