import { createHash } from "node:crypto";

const MAX_STRING = 2000;
const MAX_ITEMS = 100;
const MAX_DEPTH = 6;
/** The most any one event keeps in `params` or `result`, as UTF-8 JSON. */
export const MAX_EVENT_JSON_BYTES = 8192;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The string as the database will give it back: lone surrogates become U+FFFD (as UTF-8 encoding
 * does) and NUL becomes U+FFFD (PostgreSQL refuses it). Hashing anything else breaks the chain.
 */
export function wellFormed(s: string): string {
  return s.replace(/\u0000/g, "\uFFFD").replace(LONE_SURROGATE, "\uFFFD");
}

/** At most `max` UTF-16 units, never splitting a surrogate pair. */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = /[\uD800-\uDBFF]/.test(s[max - 1] ?? "") ? max - 1 : max;
  return s.slice(0, end);
}

/** A well-formed, bounded text column value; a cut one says how much was left out. */
export function auditText(value: unknown, max: number): string | null {
  if (value === null || value === undefined) return null;
  const s = wellFormed(typeof value === "string" ? value : String(value));
  if (s.length <= max) return s;
  const note = `…[+${s.length - max} chars]`;
  return note.length * 2 > max ? cutText(s, max) : cutText(s, max - note.length) + note;
}

/**
 * Makes arbitrary (possibly hostile) input safe to keep as JSONB: well-formed strings, bounded
 * sizes, no functions, invalid dates and other odd values turned into plain data, and prototype
 * keys kept as plain data. Never throws.
 */
export function sanitizeForAudit(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return auditText(value, MAX_STRING);
  if (typeof value === "number") return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : String(value);
  if (typeof value === "boolean") return value;
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object") return `[${typeof value}]`;
  if (depth >= MAX_DEPTH) return "[nested too deep]";
  try {
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_ITEMS).map((v) => sanitizeForAudit(v, depth + 1));
      if (value.length > MAX_ITEMS) items.push(`…[+${value.length - MAX_ITEMS} items]`);
      return items;
    }
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? "[invalid date]" : value.toISOString();
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const key of Object.keys(value)) {
      if (n++ >= MAX_ITEMS) break;
      Object.defineProperty(out, auditText(key, 200)!, {
        value: sanitizeForAudit((value as Record<string, unknown>)[key], depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  } catch {
    // A getter or proxy that throws: keep the fact, not the value.
    return "[unreadable value]";
  }
}

/**
 * What an event keeps of a JSON value: sanitized, then capped at MAX_EVENT_JSON_BYTES. A value over
 * the cap is replaced by its size, its SHA-256 and a short preview. The result is exactly what the
 * database returns for it (a JSON round trip), so its hash verifies later.
 */
export function boundedJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const json = JSON.stringify(sanitizeForAudit(value)) ?? "null";
  const bytes = Buffer.byteLength(json);
  if (bytes <= MAX_EVENT_JSON_BYTES) return JSON.parse(json);
  return {
    truncated: true,
    bytes,
    sha256: createHash("sha256").update(json).digest("hex"),
    preview: cutText(json, 512),
  };
}

/**
 * What a refused call (anonymous, denied, invalid) keeps of its input: never the raw values, only
 * their shape (field names, types, lengths), the validation issues and a SHA-256 of the input, so
 * an auditor can match it against a copy without the log storing what an attacker sent.
 */
export function summarizeInput(
  raw: unknown,
  issues?: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string }>,
): unknown {
  let digest: string | null = null;
  try {
    const json = typeof raw === "string" ? raw : JSON.stringify(raw, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    if (json !== undefined) digest = createHash("sha256").update(wellFormed(json)).digest("hex");
  } catch {
    digest = null;
  }
  const summary: Record<string, unknown> = { shape: shapeOf(raw, 0), sha256: digest };
  if (issues?.length) {
    summary.issues = issues.slice(0, 10).map((i) => ({
      path: auditText(i.path.map(String).join("."), 120) || "input",
      message: auditText(i.message, 200),
      ...(i.code ? { code: auditText(i.code, 40) } : {}),
    }));
    if (issues.length > 10) summary.moreIssues = issues.length - 10;
  }
  return boundedJson(summary);
}

function shapeOf(v: unknown, depth: number): unknown {
  try {
    if (v === null) return "null";
    if (typeof v === "string") return `string(${v.length})`;
    if (typeof v !== "object") return typeof v;
    if (v instanceof Date) return "date";
    if (Array.isArray(v)) return depth >= 2 ? `array(${v.length})` : { array: v.length, first: v.length ? shapeOf(v[0], depth + 1) : null };
    // Keys whose value is undefined are not part of what was sent (JSON drops them too).
    const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
    if (depth >= 2) return `object(${keys.length} keys)`;
    const out: Record<string, unknown> = {};
    for (const k of keys.slice(0, 20)) {
      Object.defineProperty(out, auditText(k, 40)!, {
        value: shapeOf((v as Record<string, unknown>)[k], depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    if (keys.length > 20) out["…"] = `+${keys.length - 20} keys`;
    return out;
  } catch {
    return "unreadable";
  }
}
