// Small shared helpers for the ENS emulator. Node built-ins only; no code shared with lib/ens.
import { randomUUID } from "node:crypto";

/** RFC 3986 percent-encoding as used by Alibaba Cloud signatures (space → %20, !'()* escaped, ~ kept). */
export function pct(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Decodes one `application/x-www-form-urlencoded` component; `+` means space; bad escapes stay raw. */
export function safeDecode(text: string): string {
  const spaced = text.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Splits `a=1&b=2` into decoded [name, value] pairs, keeping order and duplicates. */
export function parsePairs(raw: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (!raw) return out;
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? "" : part.slice(eq + 1);
    out.push([safeDecode(name), safeDecode(value)]);
  }
  return out;
}

/** Uppercase GUID, like real ENS RequestIds. */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

/** mulberry32: tiny deterministic PRNG returning floats in [0, 1). */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

export function randomChars(rng: Rng, length: number, alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"): string {
  let s = "";
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(rng() * alphabet.length)];
  return s;
}

export function randomHex(rng: Rng, length: number): string {
  return randomChars(rng, length, "0123456789abcdef");
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DD HH:mm:ss` in UTC+8 (the Describe* format, no zone; UNCONFIRMED that it is UTC+8). */
export function formatDescribeTime(epochMs: number): string {
  const d = new Date(epochMs + 8 * 3600_000);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
  );
}

/** ISO-8601 with a +08:00 offset, as the AIC-key actions return (e.g. 2025-10-09T15:13:21+08:00). */
export function formatIsoCst(epochMs: number): string {
  const s = formatDescribeTime(epochMs);
  return `${s.slice(0, 10)}T${s.slice(11)}+08:00`;
}

/** Parses `YYYY-MM-DD` strictly; returns the same text or null. */
export function parseDateOnly(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const t = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(t)) return null;
  return new Date(t).toISOString().slice(0, 10) === text ? text : null;
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}
