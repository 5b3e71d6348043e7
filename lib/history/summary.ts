/** Whose personal key a login change used, as its `completed` event keeps it (lib/logins/set-login.ts). */
function keyOwnerOf(result: unknown): string | null {
  const owner = result && typeof result === "object" ? (result as { keyOwner?: unknown }).keyOwner : undefined;
  return typeof owner === "string" ? owner : null;
}

/** One short line about the params: the UIDs for a share, else the key's owner and the first few fields. */
export function paramsSummary(action: string, params: unknown, result?: unknown): string {
  const owner = keyOwnerOf(result);
  const line = fieldsSummary(action, params);
  if (!owner) return line;
  const s = `keyOwner=${owner}${line ? ` ${line}` : ""}`;
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

function fieldsSummary(action: string, params: unknown): string {
  if (params === null || params === undefined) return "";
  if (typeof params !== "object") return String(params).slice(0, 80);
  const p = params as Record<string, unknown>;
  const users = p.Users ?? p.users ?? p.uids;
  if (action.startsWith("image.share") && Array.isArray(users)) return `UIDs: ${users.join(", ")}`;
  const parts = Object.entries(p)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .slice(0, 3)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  const s = parts.join(" ");
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}
