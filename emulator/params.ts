// Parameter access with the documented limits; every violation throws before anything changes.
import { errors } from "./errors";
import { parseDateOnly } from "./util";

interface StrRule {
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  oneOf?: readonly string[];
}

export class Params {
  constructor(private readonly values: Map<string, string>) {}

  has(name: string): boolean {
    return (this.values.get(name) ?? "") !== "";
  }

  /** Optional strings that are empty count as absent; a required one that is empty is missing. */
  str(name: string, rule: StrRule = {}): string | undefined {
    const v = this.values.get(name);
    if (v === undefined || v === "") {
      if (rule.required) throw errors.missing(name);
      return undefined;
    }
    // Length in characters (code points).
    const len = [...v].length;
    if (rule.minLength !== undefined && len < rule.minLength) throw errors.invalidParameter(name);
    if (rule.maxLength !== undefined && len > rule.maxLength) throw errors.invalidParameter(name);
    if (rule.oneOf && !rule.oneOf.includes(v)) throw errors.invalidParameter(name);
    return v;
  }

  int(name: string, min: number, max: number, def: number): number {
    const v = this.str(name);
    if (v === undefined) return def;
    if (!/^\d+$/.test(v)) throw errors.invalidParameter(name);
    const n = Number(v);
    if (n < min || n > max) throw errors.invalidParameter(name);
    return n;
  }

  bool(name: string, def: boolean): boolean {
    const v = this.str(name);
    if (v === undefined) return def;
    if (v === "true") return true;
    if (v === "false") return false;
    throw errors.invalidParameter(name);
  }

  date(name: string): string | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const d = parseDateOnly(v);
    if (!d) throw errors.invalidParameter(name);
    return d;
  }

  /**
   * A `style: json` array: one parameter holding JSON text. Choice (UNCONFIRMED): the flattened
   * `Name.1=…` form is rejected with InvalidParameter.<Name> so that client bugs surface.
   */
  jsonArray(name: string, opts: { required?: boolean; minItems?: number; maxItems: number }): unknown[] | undefined {
    for (const k of this.values.keys()) if (k.startsWith(`${name}.`)) throw errors.invalidParameter(name);
    const text = this.str(name, { required: opts.required });
    if (text === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw errors.invalidParameter(name);
    }
    if (!Array.isArray(parsed)) throw errors.invalidParameter(name);
    if (parsed.length > opts.maxItems || parsed.length < (opts.minItems ?? 0)) throw errors.invalidParameter(name);
    return parsed;
  }

  stringArray(name: string, opts: { required?: boolean; minItems?: number; maxItems: number; item?: RegExp }): string[] | undefined {
    const arr = this.jsonArray(name, opts);
    if (arr === undefined) return undefined;
    for (const x of arr) {
      if (typeof x !== "string" || (opts.item && !opts.item.test(x))) throw errors.invalidParameter(name);
    }
    return arr as string[];
  }
}

export function paginate<T>(items: readonly T[], pageNumber: number, pageSize: number): T[] {
  const start = (pageNumber - 1) * pageSize;
  return items.slice(start, start + pageSize);
}
