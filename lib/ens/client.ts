import { logger } from "../log/logger";
import { countEnsRetry, observeEnsCall } from "../metrics/record";
import { processSingleton } from "../singleton";
import { ensConfigFromEnv, type EnsConfig } from "./config";
import { EnsError, isRejectedBeforeProcessing, toEnsError } from "./errors";
import { createFleetHelpers, type FleetHelpers } from "./fleet";
import { backoffDelay, raceAbort, sleep } from "./retry";
import { createSdkTransport, type SdkTransport } from "./sdk";
import { ACTIONS, toWireParams } from "./serialize";
import type * as T from "./types";

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides EnsConfig.maxAttempts for this call (1 = no retry). */
  maxAttempts?: number;
  /** Awaited before every attempt: the job engine paces its calls here (lib/jobs/ens-pace.ts). */
  beforeAttempt?: (action: T.EnsAction) => Promise<void>;
}

export interface AttemptInfo {
  action: T.EnsAction;
  /** 1-based */
  attempt: number;
  durationMs: number;
  ok: boolean;
  error?: EnsError;
  willRetry: boolean;
  /** Backoff before the next attempt, when willRetry. */
  delayMs?: number;
}

export interface EnsMetrics {
  calls: number;
  attempts: number;
  retries: number;
  failures: number;
  byAction: Partial<Record<T.EnsAction, { calls: number; attempts: number; retries: number; failures: number }>>;
}

export interface EnsClientHooks {
  onAttempt?: (info: AttemptInfo) => void;
  /** Replaces Math.random in the backoff jitter (tests). */
  random?: () => number;
  /** Replaces the SDK transport (tests). */
  transport?: SdkTransport;
}

export interface EnsClient extends FleetHelpers {
  /** The configuration without the secret, so it can be logged or shown. */
  readonly config: Readonly<Omit<EnsConfig, "accessKeySecret">>;
  describeArmServerInstances(req?: T.DescribeArmServerInstancesRequest, opts?: CallOptions): Promise<T.DescribeArmServerInstancesResponse>;
  describeAicImages(req?: T.DescribeAicImagesRequest, opts?: CallOptions): Promise<T.DescribeAicImagesResponse>;
  listAicPublicKeys(req?: T.ListAicPublicKeysRequest, opts?: CallOptions): Promise<T.ListAicPublicKeysResponse>;
  listAicPublicKeyDeliveries(req?: T.ListAicPublicKeyDeliveriesRequest, opts?: CallOptions): Promise<T.ListAicPublicKeyDeliveriesResponse>;
  uploadAicPublicKey(req: T.UploadAicPublicKeyRequest, opts?: CallOptions): Promise<T.UploadAicPublicKeyResponse>;
  deleteAicPublicKey(req: T.DeleteAicPublicKeyRequest, opts?: CallOptions): Promise<T.DeleteAicPublicKeyResponse>;
  manageAicLogin(req: T.ManageAicLoginRequest, opts?: CallOptions): Promise<T.ManageAicLoginResponse>;
  shareAicImage(req: T.ShareAicImageRequest, opts?: CallOptions): Promise<T.ShareAicImageResponse>;
  rebootAicInstance(req: T.RebootAicInstanceRequest, opts?: CallOptions): Promise<T.RebootAicInstanceResponse>;
  resetAicInstance(req: T.ResetAicInstanceRequest, opts?: CallOptions): Promise<T.ResetAicInstanceResponse>;
  /** Low-level typed call used by the methods above. */
  call<R>(action: T.EnsAction, req: object | undefined, opts?: CallOptions): Promise<R>;
  /** Counters since creation (or the last resetMetrics). */
  metrics(): EnsMetrics;
  resetMetrics(): void;
}

const log = logger("ens");

/** The RequestId ENS put in a reply, if it is there. */
const requestIdOf = (body: unknown): string | undefined =>
  typeof body === "object" && body !== null && typeof (body as { RequestId?: unknown }).RequestId === "string"
    ? (body as { RequestId: string }).RequestId
    : undefined;

/**
 * One line per call (all its attempts): the action, ENS's RequestId, the outcome and error code,
 * the duration and the retries. Never the request's parameters, URL or signature. A success is
 * `debug`; a failure `warn`.
 */
async function logged<R>(action: T.EnsAction, run: (tally: { retries: number }) => Promise<R>): Promise<R> {
  const started = performance.now();
  const tally = { retries: 0 };
  const ms = () => Math.round(performance.now() - started);
  try {
    const body = await run(tally);
    log.debug(
      { ensAction: action, ensRequestId: requestIdOf(body), outcome: "success", durationMs: ms(), retries: tally.retries },
      `ENS ${action} success`,
    );
    return body;
  } catch (e) {
    const err = e instanceof EnsError ? e : undefined;
    log.warn(
      { ensAction: action, ensRequestId: err?.requestId, outcome: "failure", code: err?.code, durationMs: ms(), retries: tally.retries },
      `ENS ${action} failure`,
    );
    throw e;
  }
}

function emptyMetrics(): EnsMetrics {
  return { calls: 0, attempts: 0, retries: 0, failures: 0, byAction: {} };
}

/**
 * Whether a failed attempt may be repeated. Reads and the convergent mutations (ManageAICLogin,
 * ShareAICImage) retry on every retryable code: repeating them cannot change the end state.
 * Upload/Delete/Reboot/Reset retry only on codes proving ENS did not act (throttling, 503,
 * connection refused); after a timeout, reset or garbled reply the first attempt may have
 * applied, and a blind repeat would double-reboot or turn a success into a duplicate-key error.
 */
function mayRetry(action: T.EnsAction, err: EnsError): boolean {
  if (!err.retryable) return false;
  return ACTIONS[action].idempotent || isRejectedBeforeProcessing(err.code);
}

export function createEnsClient(config: EnsConfig, hooks: EnsClientHooks = {}): EnsClient {
  const transport = hooks.transport ?? createSdkTransport(config);
  const random = hooks.random ?? Math.random;
  let counters = emptyMetrics();

  const bump = (action: T.EnsAction, key: "calls" | "attempts" | "retries" | "failures") => {
    counters[key]++;
    const a = (counters.byAction[action] ??= { calls: 0, attempts: 0, retries: 0, failures: 0 });
    a[key]++;
  };

  const call = <R>(action: T.EnsAction, req: object | undefined, opts: CallOptions = {}): Promise<R> =>
    observeEnsCall(action, () => logged(action, (tally) => attempts<R>(action, req, opts, tally)));

  async function attempts<R>(action: T.EnsAction, req: object | undefined, opts: CallOptions, tally: { retries: number }): Promise<R> {
    const { method } = ACTIONS[action];
    const params = toWireParams(req);
    const maxAttempts = Math.max(1, opts.maxAttempts ?? config.maxAttempts);
    bump(action, "calls");
    for (let attempt = 1; ; attempt++) {
      if (opts.signal?.aborted) {
        bump(action, "failures");
        throw toEnsError(Object.assign(new Error("aborted"), { name: "AbortError" }));
      }
      await opts.beforeAttempt?.(action);
      bump(action, "attempts");
      const started = performance.now();
      try {
        const body = await raceAbort(transport.call(action, method, params), opts.signal);
        hooks.onAttempt?.({ action, attempt, durationMs: performance.now() - started, ok: true, willRetry: false });
        return body as R;
      } catch (e) {
        const err = toEnsError(e);
        const willRetry = attempt < maxAttempts && mayRetry(action, err) && !opts.signal?.aborted;
        const delayMs = willRetry ? backoffDelay(attempt, config.baseBackoffMs, config.maxBackoffMs, random) : undefined;
        hooks.onAttempt?.({ action, attempt, durationMs: performance.now() - started, ok: false, error: err, willRetry, delayMs });
        if (!willRetry) {
          bump(action, "failures");
          throw err;
        }
        bump(action, "retries");
        tally.retries++;
        countEnsRetry(action, err.code);
        try {
          await sleep(delayMs!, opts.signal);
        } catch (abortErr) {
          bump(action, "failures");
          throw abortErr;
        }
      }
    }
  }

  const base = {
    config: Object.freeze({ ...config, accessKeySecret: undefined }),
    call,
    describeArmServerInstances: (req: T.DescribeArmServerInstancesRequest = {}, o?: CallOptions) =>
      call<T.DescribeArmServerInstancesResponse>("DescribeARMServerInstances", req, o),
    describeAicImages: (req: T.DescribeAicImagesRequest = {}, o?: CallOptions) =>
      call<T.DescribeAicImagesResponse>("DescribeAICImages", req, o),
    listAicPublicKeys: (req: T.ListAicPublicKeysRequest = {}, o?: CallOptions) =>
      call<T.ListAicPublicKeysResponse>("ListAICPublicKeys", req, o),
    listAicPublicKeyDeliveries: (req: T.ListAicPublicKeyDeliveriesRequest = {}, o?: CallOptions) =>
      call<T.ListAicPublicKeyDeliveriesResponse>("ListAICPublicKeyDeliveries", req, o),
    uploadAicPublicKey: (req: T.UploadAicPublicKeyRequest, o?: CallOptions) =>
      call<T.UploadAicPublicKeyResponse>("UploadAICPublicKey", req, o),
    deleteAicPublicKey: (req: T.DeleteAicPublicKeyRequest, o?: CallOptions) =>
      call<T.DeleteAicPublicKeyResponse>("DeleteAICPublicKey", req, o),
    manageAicLogin: (req: T.ManageAicLoginRequest, o?: CallOptions) => call<T.ManageAicLoginResponse>("ManageAICLogin", req, o),
    shareAicImage: (req: T.ShareAicImageRequest, o?: CallOptions) => call<T.ShareAicImageResponse>("ShareAICImage", req, o),
    rebootAicInstance: (req: T.RebootAicInstanceRequest, o?: CallOptions) => call<T.RebootAicInstanceResponse>("RebootAICInstance", req, o),
    resetAicInstance: (req: T.ResetAicInstanceRequest, o?: CallOptions) => call<T.ResetAicInstanceResponse>("ResetAICInstance", req, o),
    metrics: (): EnsMetrics => structuredClone(counters),
    resetMetrics: () => {
      counters = emptyMetrics();
    },
  };
  return { ...base, ...createFleetHelpers(base, config.fleetConcurrency) };
}

/** The process-wide client configured from the environment, created on first use. */
export function ens(): EnsClient {
  return processSingleton("ens-client", () => createEnsClient(ensConfigFromEnv()));
}
