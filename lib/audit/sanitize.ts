const MAX_STRING = 2000;
const MAX_ITEMS = 100;
const MAX_DEPTH = 6;

/**
 * Makes arbitrary (possibly hostile) input safe to keep as JSONB: no NUL characters (PostgreSQL
 * refuses them), bounded sizes, no functions, and prototype keys kept as plain data.
 */
export function sanitizeForAudit(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") {
    const clean = value.replace(/\u0000/g, "\uFFFD");
    return clean.length > MAX_STRING ? `${clean.slice(0, MAX_STRING)}…[+${clean.length - MAX_STRING} chars]` : clean;
  }
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "boolean") return value;
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object") return `[${typeof value}]`;
  if (depth >= MAX_DEPTH) return "[nested too deep]";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => sanitizeForAudit(v, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`…[+${value.length - MAX_ITEMS} items]`);
    return items;
  }
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const key of Object.keys(value)) {
    if (n++ >= MAX_ITEMS) break;
    const safeKey = sanitizeForAudit(key) as string;
    Object.defineProperty(out, safeKey, {
      value: sanitizeForAudit((value as Record<string, unknown>)[key], depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
