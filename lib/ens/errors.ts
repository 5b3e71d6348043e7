// One typed error for every failure path of @alicloud/openapi-client 0.4.15 (ens-api.md §A.5, §B).
import { randomUUID } from "node:crypto";
import { DESCRIBE_FAILURE, type DescribesFailure, type UpstreamFailure } from "../errors";
import { logger } from "../log/logger";

const log = logger("ens");

export interface EnsErrorInit {
  code: string;
  message: string;
  requestId?: string;
  httpStatus?: number;
  retryable?: boolean;
  hostId?: string;
  recommend?: string;
  cause?: unknown;
}

/**
 * lib/ens's part of error classification: an EnsError tells lib/errors (and through it the action
 * wrapper) its code, ENS's words, and whether the change may have been made, so nothing outside
 * lib/ens needs to know ENS's codes or error shape.
 */
export class EnsError extends Error implements DescribesFailure {
  readonly code: string;
  readonly requestId?: string;
  readonly httpStatus?: number;
  readonly retryable: boolean;
  readonly hostId?: string;
  readonly recommend?: string;

  constructor(init: EnsErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "EnsError";
    this.code = init.code;
    this.requestId = init.requestId;
    this.httpStatus = init.httpStatus;
    this.retryable = init.retryable ?? isRetryableCode(init.code);
    this.hostId = init.hostId;
    this.recommend = init.recommend;
  }

  [DESCRIBE_FAILURE](): UpstreamFailure {
    return {
      code: this.code,
      said: this.message,
      requestId: this.requestId,
      // The browser may repeat the call as is only if ENS certainly did nothing.
      retryable: this.retryable && isRejectedBeforeProcessing(this.code),
      mayHaveBeenApplied: mayHaveBeenApplied(this),
    };
  }

  toJSON(): { code: string; message: string; requestId?: string; httpStatus?: number; retryable: boolean } {
    return {
      code: this.code,
      message: this.message,
      requestId: this.requestId,
      httpStatus: this.httpStatus,
      retryable: this.retryable,
    };
  }
}

const NEVER_RETRY = [
  /^InvalidParameter(\.|$)/,
  /^Parameter\.Invalid$/,
  /^NoPermission$/,
  /^Forbidden(\.|$)/,
  /^SignatureDoesNotMatch$/,
  /^InvalidAccessKeyId(\.|$)/,
  /^Missing/,
  /^Interface\.Call\.Failed$/,
  /^IncompleteSignature$/,
  /^SignatureNonceUsed$/,
  /^InvalidTimeStamp(\.|$)/,
  /^InvalidCredentials$/,
];

const RETRY = [/^Throttling/, /^InternalError/, /^ServiceUnavailable/, /^Network\./, /^Ens\.InvalidResponse$/];

export function isRetryableCode(code: string): boolean {
  if (NEVER_RETRY.some((re) => re.test(code))) return false;
  return RETRY.some((re) => re.test(code));
}

/**
 * Codes that prove the server did not carry out the request, so even a non-idempotent call may be
 * repeated: throttled or unavailable, or the request never left this host (refused, no DNS answer,
 * no route).
 */
export function isRejectedBeforeProcessing(code: string): boolean {
  return (
    /^Throttling/.test(code) ||
    /^ServiceUnavailable/.test(code) ||
    ["Network.ConnectionRefused", "Network.DnsFailure", "Network.Unreachable"].includes(code)
  );
}

/**
 * Whether a failed change may still have been carried out: the same judgement that keeps a
 * non-idempotent call from being repeated (client.ts), so the log never calls "failed" what the
 * client would not dare to repeat. Uncertain: a lost or garbled answer (timeout, cut connection,
 * a gateway's page), any server fault (5xx, InternalError included) but ServiceUnavailable, and an
 * unexpected client error. Certain: ENS's coded 4xx refusals, throttling, and requests that never
 * left this host.
 */
export function mayHaveBeenApplied(e: { code: string; httpStatus?: number }): boolean {
  if (typeof e.code !== "string") return false;
  if (isRejectedBeforeProcessing(e.code)) return false;
  if (/^Network\./.test(e.code) || ["Ens.InvalidResponse", "Ens.ServerError", "Ens.Unknown", "InternalError"].includes(e.code)) return true;
  return e.httpStatus !== undefined && e.httpStatus >= 500;
}

/** An EnsError, also across module copies (tests, bundles), where `instanceof` can fail. */
export function isEnsError(e: unknown): e is EnsError {
  return (
    e instanceof EnsError ||
    (typeof e === "object" &&
      e !== null &&
      (e as { name?: unknown }).name === "EnsError" &&
      typeof (e as { code?: unknown }).code === "string")
  );
}

type Bag = Record<string, unknown>;

function isBag(v: unknown): v is Bag {
  return typeof v === "object" && v !== null;
}

/** The SDK stringifies missing fields, so "undefined"/"null" mean absent. */
function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = String(v);
  return s === "" || s === "undefined" || s === "null" ? undefined : s;
}

const NETWORK_CODES: Record<string, [string, string]> = {
  ECONNREFUSED: ["Network.ConnectionRefused", "Connection refused by the ENS endpoint"],
  ECONNRESET: ["Network.ConnectionReset", "Connection reset by the ENS endpoint"],
  EPIPE: ["Network.ConnectionReset", "Connection closed by the ENS endpoint"],
  ECONNABORTED: ["Network.ConnectionReset", "Connection aborted"],
  ETIMEDOUT: ["Network.Timeout", "Connection to the ENS endpoint timed out"],
  ESOCKETTIMEDOUT: ["Network.Timeout", "Socket timed out"],
  ENOTFOUND: ["Network.DnsFailure", "ENS endpoint host name could not be resolved"],
  EAI_AGAIN: ["Network.DnsFailure", "Temporary DNS failure resolving the ENS endpoint"],
  EHOSTUNREACH: ["Network.Unreachable", "ENS endpoint host is unreachable"],
  ENETUNREACH: ["Network.Unreachable", "Network is unreachable"],
};

function fromResponseError(e: Bag, status: number | undefined): EnsError {
  const data: Bag = isBag(e.data) ? e.data : {};
  const code = text(data.Code) ?? text(data.code) ?? text(e.code);
  const message =
    text(data.Message) ??
    text(data.message) ??
    text(e.description) ??
    (status ? `ENS answered HTTP ${status} without an error message` : "ENS returned an error");
  return new EnsError({
    code: code ?? (status && status >= 500 ? "Ens.ServerError" : "Ens.HttpError"),
    message,
    requestId: text(data.RequestId) ?? text(data.requestId),
    httpStatus: status,
    // Any 5xx is a server fault, retryable like InternalError, whether or not it has a code we
    // list (UnknownError, ServiceTimeout, a gateway's own code), unless the code says never.
    retryable: code
      ? isRetryableCode(code) || (status !== undefined && status >= 500 && !NEVER_RETRY.some((re) => re.test(code)))
      : status !== undefined && status >= 500,
    hostId: text(data.HostId) ?? text(data.hostId),
    recommend: text(data.Recommend) ?? text(data.recommend),
    cause: e,
  });
}

export function toEnsError(e: unknown): EnsError {
  if (e instanceof EnsError) return e;
  if (!isBag(e)) {
    return new EnsError({ code: "Ens.Unknown", message: String(e), retryable: false, cause: e });
  }
  const name = text(e.name) ?? "";
  const code = text(e.code);
  const rawMessage = text(e.message) ?? "";

  if (name === "AbortError" || code === "ABORT_ERR") {
    return new EnsError({ code: "Ens.Aborted", message: "The ENS request was aborted", retryable: false, cause: e });
  }
  // JSON.parse failed on the body: an HTML error page, an empty 200, a proxy reply.
  if (name === "SyntaxError" || e instanceof SyntaxError) {
    return new EnsError({
      code: "Ens.InvalidResponse",
      message: "ENS returned a response that is not JSON",
      retryable: true,
      cause: e,
    });
  }
  if (typeof e.statusCode === "number" || (isBag(e.data) && e.data.statusCode !== undefined)) {
    const status = Number(e.statusCode ?? (e.data as Bag).statusCode);
    return fromResponseError(e, Number.isFinite(status) ? status : undefined);
  }
  if (code && NETWORK_CODES[code]) {
    const [mapped, message] = NETWORK_CODES[code];
    return new EnsError({ code: mapped, message, retryable: true, cause: e });
  }
  // httpx names its timeout errors RequestTimeoutError ("ReadTimeout(…)", "ConnectTimeout: …").
  if (/Timeout/i.test(name) || /^(ReadTimeout|ConnectTimeout)/.test(rawMessage)) {
    return new EnsError({
      code: "Network.Timeout",
      message: "ENS did not answer within the configured timeout",
      retryable: true,
      cause: e,
    });
  }
  if (/socket hang up/i.test(rawMessage)) {
    return new EnsError({ code: "Network.ConnectionReset", message: "Connection reset by the ENS endpoint", retryable: true, cause: e });
  }
  if (code === "InvalidCredentials" || /credentials/i.test(rawMessage)) {
    return new EnsError({
      code: "InvalidCredentials",
      message: "No usable Alibaba Cloud credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET, a profile or a RAM role",
      retryable: false,
      cause: e,
    });
  }
  if (code && code !== "undefined" && isBag(e.data)) return fromResponseError(e, undefined);
  // Anything else is a fault on this side (a bug, a broken install): its text is for the server
  // log, not for the person at the console, who gets a reference to it.
  const ref = randomUUID();
  log.error({ ref, err: e }, "unexpected ENS client error");
  return new EnsError({
    code: code ?? "Ens.Unknown",
    message: `The ENS client failed unexpectedly. Reference: ${ref}`,
    retryable: false,
    cause: e,
  });
}
