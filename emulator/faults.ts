// Fault injection configured through POST /__emulator/faults. Decisions use a seeded PRNG.
import { type Rng, createRng } from "./util";

export const FAULT_ERRORS = [
  "InternalError",
  "ServiceUnavailable",
  "Throttling.User",
  "Html503",
  "ConnectionReset",
  "Hang",
  "NoPermission",
  // The call is carried out, then the connection is cut before the answer: the case that makes
  // repeating a non-idempotent call unsafe.
  "ApplyThenReset",
] as const;
export type FaultError = (typeof FAULT_ERRORS)[number];

export interface FaultConfig {
  latencyMs?: number;
  jitterMs?: number;
  errorRate?: number;
  errors?: FaultError[];
  /** Limit the whole config (latency included) to these actions; absent = every action. */
  actions?: string[];
  /** Limit injected errors to calls naming one of these InstanceIds (tests aiming at exact items). */
  instanceIds?: string[];
  /** How long a Hang holds the request before answering normally (default 60000). */
  hangMs?: number;
}

const nonNegative = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0;

/** Validates a control-endpoint body; throws Error with a human message when invalid. */
export function parseFaultConfig(body: unknown): FaultConfig {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new Error("body must be a JSON object");
  const b = body as Record<string, unknown>;
  const known = new Set(["latencyMs", "jitterMs", "errorRate", "errors", "actions", "hangMs", "instanceIds"]);
  for (const k of Object.keys(b)) if (!known.has(k)) throw new Error(`unknown field ${k}`);
  for (const k of ["latencyMs", "jitterMs", "hangMs"]) {
    if (b[k] !== undefined && !nonNegative(b[k])) throw new Error(`${k} must be a number >= 0`);
  }
  if (b.errorRate !== undefined && !(nonNegative(b.errorRate) && (b.errorRate as number) <= 1)) {
    throw new Error("errorRate must be a number in 0..1");
  }
  if (b.errors !== undefined) {
    if (!Array.isArray(b.errors) || !b.errors.every((e) => (FAULT_ERRORS as readonly unknown[]).includes(e))) {
      throw new Error(`errors must be an array of ${FAULT_ERRORS.join(", ")}`);
    }
  }
  if (b.actions !== undefined && (!Array.isArray(b.actions) || !b.actions.every((a) => typeof a === "string"))) {
    throw new Error("actions must be an array of action names");
  }
  if (b.instanceIds !== undefined && (!Array.isArray(b.instanceIds) || !b.instanceIds.every((a) => typeof a === "string"))) {
    throw new Error("instanceIds must be an array of instance ids");
  }
  return b as FaultConfig;
}

export class Faults {
  private config: FaultConfig = {};
  private rng: Rng;

  constructor(private readonly seed: number) {
    this.rng = createRng(seed ^ 0xfa017);
  }

  get current(): FaultConfig {
    return this.config;
  }

  set(config: FaultConfig): void {
    this.config = config;
  }

  /** Clears the config and restarts the PRNG so runs are reproducible after a reset. */
  clear(): void {
    this.config = {};
    this.rng = createRng(this.seed ^ 0xfa017);
  }

  applies(action: string): boolean {
    const { actions } = this.config;
    return !actions || actions.includes(action);
  }

  extraDelayMs(): number {
    const { latencyMs = 0, jitterMs = 0 } = this.config;
    return latencyMs + (jitterMs > 0 ? this.rng() * jitterMs : 0);
  }

  pickError(instanceId?: string): FaultError | undefined {
    const { errorRate = 0, errors = [], instanceIds } = this.config;
    if (errorRate <= 0 || errors.length === 0) return undefined;
    if (instanceIds && !(instanceId && instanceIds.includes(instanceId))) return undefined;
    if (errorRate < 1 && this.rng() >= errorRate) return undefined;
    return errors[Math.floor(this.rng() * errors.length)];
  }

  get hangMs(): number {
    return this.config.hangMs ?? 60_000;
  }
}

export const HTML_503 =
  "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n" +
  "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n";
