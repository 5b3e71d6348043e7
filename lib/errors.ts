// The console's one error vocabulary: every code a user can meet, with the words they read and
// whether the same call may simply be sent again. Safe to import anywhere (no Node, no ENS).

import type { MessageKeys, NestedKeyOf } from "next-intl";
import type { Messages } from "./i18n/messages";
import { errorCodeKey } from "./i18n/error-key";

/** What every failed server action and read route returns to the browser. */
export interface ActionError {
  code: string;
  /** The words the user reads; the UI shows it as given. */
  message: string;
  /** What the upstream service (ENS) said itself, when `message` is the console's own words. */
  detail?: string;
  requestId?: string;
  /** The same call may simply be sent again: refused before anything was done, for a reason that passes. */
  retryable?: boolean;
  fieldErrors?: Record<string, string>;
  /** Structured detail of a failure, e.g. per-batch results of a partly failed share. */
  details?: unknown;
}

export interface ErrorInfo {
  message: string;
  retryable: boolean;
}

const info = (message: string, retryable = false): ErrorInfo => ({ message, retryable });

/** Codes the console raises itself. A `ConsoleError` usually says more than the default here. */
export const CONSOLE_ERRORS = {
  "Console.Internal": info("Something went wrong on the console's side."),
  "Console.InvalidInput": info("Invalid input."),
  "Console.Unauthenticated": info("Your session has ended. Sign in again."),
  "Console.Forbidden": info("Your role does not allow this."),
  "Console.NotFound": info("Not found."),
  "Console.Conflict": info("That already exists."),
  "Console.LastAdmin": info("This change would leave the console without an enabled admin."),
  "Console.InProgress": info("Someone else is changing this right now. Try again when it finishes."),
  "Console.Redirected": info("The action ended in a navigation."),
  "Console.OutcomeUnknown": info("The console stopped before the outcome was recorded; check the target."),
  "Console.RateLimited": info("Too many requests in a short time. Wait a moment and try again.", true),
  "Console.KeyInUse": info("The key is still delivered to instances. Close login on them first."),
  "Console.ReadBackFailed": info("ENS accepted the change, but its new state could not be read back. Reload the page to see it."),
  "Console.ShareFailed": info("The image was not shared with any of the user IDs."),
  "Console.PartialShare": info("The image was shared with some of the user IDs only."),
  "Console.Network": info("The console could not be reached."),
  "Console.SelectionChanged": info("The list changed since you chose: review the instances and try again."),
  "Console.NotApplied": info("The console stopped during the call; ENS shows the change was not made."),
  "Console.Cancelled": info("Cancelled before it started."),
  "Console.StoppedOnFailures": info("Not started: the operation stopped because its failures exceeded its rule."),
  "Console.OperationEnded": info("The operation has already ended."),
  "Console.SystemOperation": info("The console started this operation itself; it cannot be cancelled."),
  "Console.UnknownInstances": info("Some of the chosen instances are not in the fleet. Refresh the list and choose again."),
  "Console.NoExpiryNotAllowed": info("This console does not allow logins without an expiry. Choose a duration."),
  "Console.LoginNotHeld": info("The console holds no open login on this instance."),
  "Console.LoginNotOpen": info("Login is not open on this instance in ENS: there is nothing to adopt."),
  "Console.LoginClosing": info("This login is being closed at its expiry right now."),
  "Console.LeaseChanged": info("The login was opened again or closed since it expired; the expiry close was skipped."),
  "Console.ExpiryOutOfRange": info("The new expiry must be in the future and at most 24 hours from now."),
  "Console.Unreachable": info("The console server could not be reached. Check your connection and try again."),
  "Console.InvalidCredentials": info("Invalid email or password."),
  "Console.InvalidEmail": info("Enter a valid email address."),
  "Console.TooManyAttempts": info("Too many sign-in attempts. Wait and try again.", true),
  "Console.AccountDisabled": info("This account is disabled."),
  "Console.SsoNoEmail": info("The SSO account has no email address."),
  "Console.SsoInvalidEmail": info("The SSO account's email address is not a valid address."),
  "Console.SsoEmailUnverified": info("The SSO account's email address is not verified."),
  "Console.SsoNoSubject": info("The SSO account has no valid subject."),
  "Console.SsoLinkRequired": info("This console account signs in with a password; an admin must link it to SSO first."),
  "Console.SsoIdentityMismatch": info("This console account is linked to another SSO identity; an admin must link this one."),
  "Console.SsoUnavailable": info("The single sign-on provider could not be reached. Try again, or sign in with a password.", true),
  "Console.ApprovalRequired": info("The access policy asks for approval: request this instead, and someone else approves it."),
  "Console.SelfApproval": info("Nobody approves their own request."),
  "Console.AlreadyDecided": info("You have already decided on this request."),
  "Console.RequestClosed": info("This request is no longer pending."),
  "Console.NotAnApprover": info("The access policy lets only admins decide this request."),
  "Console.PersonalKeyRequired": info("The access policy allows only your own personal keys: choose one of My keys."),
  "Console.BreakGlassDisabled": info("The access policy does not allow break-glass logins."),
  "Console.DestinationRefused": info("The console does not send to this address."),
} as const satisfies Record<`Console.${string}`, ErrorInfo>;

export type ConsoleCode = keyof typeof CONSOLE_ERRORS;

const MAY_HAVE_HAPPENED = "The change may or may not have happened; check before retrying.";

/**
 * ENS and gateway codes the console knows (/work/shared/ens-api.md §0 and §B), and the codes
 * lib/ens gives failures that never got an ENS answer (`Network.*`, `Ens.*`). `retryable` agrees
 * with lib/ens's judgement (a transient refusal that certainly changed nothing); a test checks it.
 */
export const ENS_ERRORS = {
  NoPermission: info("The console's AccessKey is not allowed to do this in ENS."),
  "Forbidden.RAM": info("A RAM policy does not allow the console's AccessKey to do this in ENS."),
  "InvalidParameter.Users": info("ENS rejected the user IDs. Each must be a 16-digit Alibaba Cloud account UID."),
  Throttling: info("ENS is throttling the console. Wait a moment and try again.", true),
  "Throttling.User": info("ENS is throttling the console. Wait a moment and try again.", true),
  "Throttling.Api": info("ENS is throttling the console. Wait a moment and try again.", true),
  InternalError: info(`ENS failed on its side. ${MAY_HAVE_HAPPENED}`),
  ServiceUnavailable: info("ENS is briefly unavailable. Wait a moment and try again.", true),
  "InvalidAccessKeyId.NotFound": info("ENS does not know the console's AccessKey. An administrator must fix the console's credentials."),
  "InvalidAccessKeyId.Inactive": info("The console's AccessKey is disabled. An administrator must fix the console's credentials."),
  SignatureDoesNotMatch: info("ENS rejected the console's signature. An administrator must check the AccessKey secret."),
  "InvalidTimeStamp.Expired": info("ENS rejected the request's time. The console server's clock is wrong."),
  InvalidCredentials: info("The console has no usable Alibaba Cloud credentials. An administrator must configure them."),
  "Network.Timeout": info(`ENS did not answer in time. ${MAY_HAVE_HAPPENED}`),
  "Network.ConnectionRefused": info("ENS could not be reached.", true),
  "Network.DnsFailure": info("The ENS endpoint's host name could not be resolved.", true),
  "Network.Unreachable": info("The ENS endpoint is unreachable.", true),
  "Network.ConnectionReset": info(`The connection to ENS was cut. ${MAY_HAVE_HAPPENED}`),
  "Ens.InvalidResponse": info("ENS answered with something that is not an API response (an outage page?)."),
  "Ens.ServerError": info(`ENS failed on its side. ${MAY_HAVE_HAPPENED}`),
  "Ens.Aborted": info("The request to ENS was aborted."),
} as const satisfies Record<string, ErrorInfo>;

export type KnownEnsCode = keyof typeof ENS_ERRORS;
/** ENS codes are open-ended (`InvalidParameter.<Field>`, free-text `Interface.Call.Failed`). */
export type ErrorCode = ConsoleCode | KnownEnsCode | (string & {});

const KNOWN: Record<string, ErrorInfo> = { ...CONSOLE_ERRORS, ...ENS_ERRORS };

/** The console's words for a code, if it has any; every `Throttling…` code reads the same. */
export function knownError(code: string): ErrorInfo | undefined {
  return Object.hasOwn(KNOWN, code) ? KNOWN[code] : code.startsWith("Throttling") ? ENS_ERRORS.Throttling : undefined;
}

type ErrorMessages = Messages["errors"];
/** A key of the `errors` namespace (messages/<locale>/errors.json). */
export type ErrorMessageKey = MessageKeys<ErrorMessages, NestedKeyOf<ErrorMessages>>;
/** An argument of a message: a value, other words (rendered first), or a list of them (joined by `errors.separator`). */
export type WordValue = string | number | MessageWords | readonly MessageWords[];

/**
 * A message by its key in the `errors` namespace and its arguments, so the action wrapper can say
 * it in the caller's language. The English `message` beside it stays what logs and audit keep.
 */
export interface MessageWords {
  key: ErrorMessageKey;
  values?: Record<string, WordValue>;
}

/** The words of a code's default message, if the console has any (every `Throttling…` code reads as `Throttling`). */
export function codeWords(code: string): MessageWords | undefined {
  const known = Object.hasOwn(KNOWN, code) ? code : code.startsWith("Throttling") ? "Throttling" : undefined;
  return known === undefined ? undefined : { key: errorCodeKey(known) as ErrorMessageKey };
}

/** A code's message as words when it is the console's default for that code, else the text as it is (ENS's own words). */
export function wordsOrText(code: string, message: string): MessageWords | string {
  return knownError(code)?.message === message ? (codeWords(code) ?? message) : message;
}

// Carried beside an ActionError, not in it: invisible to JSON, to the browser and to equality checks.
const WORDS = Symbol.for("aic-console.message-words");

/** Attaches the words of `error.message` (see `localizeError`); returns the same object. */
export function withWords<E extends ActionError>(error: E, words: MessageWords | undefined): E {
  if (words) Object.defineProperty(error, WORDS, { value: words, enumerable: false, configurable: true });
  return error;
}

export function wordsOf(error: ActionError): MessageWords | undefined {
  return (error as { [WORDS]?: MessageWords })[WORDS];
}

/** A failure the console itself raises, with a code and a message meant for the user. */
export class ConsoleError extends Error {
  readonly details?: unknown;
  readonly requestId?: string;
  /** Set when the change may have been made all the same (see `mayHaveTakenEffect`). */
  readonly uncertain: boolean;
  /** The message's key and arguments in the `errors` namespace, when it is not the code's default. */
  readonly words?: MessageWords;
  constructor(
    readonly code: ErrorCode,
    message: string = knownError(code)?.message ?? code,
    readonly retryable: boolean = knownError(code)?.retryable ?? false,
    /**
     * `details` reaches the client as `ActionError.details` (never secrets or internals); `requestId`
     * is the ENS RequestId that decided the failure; `words` say `message` in any language.
     */
    extra: { details?: unknown; requestId?: string; uncertain?: boolean; words?: MessageWords } = {},
  ) {
    super(message);
    this.name = "ConsoleError";
    this.details = extra.details;
    this.requestId = extra.requestId;
    this.uncertain = extra.uncertain ?? false;
    this.words = extra.words;
  }
}

/** What an upstream failure says about itself. lib/ens teaches its `EnsError` to answer. */
export interface UpstreamFailure {
  code: string;
  /** The upstream's own words. */
  said: string;
  requestId?: string;
  retryable: boolean;
  /** The change may have been carried out although the call failed (a lost answer, a server fault). */
  mayHaveBeenApplied: boolean;
}

/** The method by which an error type describes itself; a registered symbol, so module copies agree. */
export const DESCRIBE_FAILURE = Symbol.for("aic-console.describe-failure");

export interface DescribesFailure {
  [DESCRIBE_FAILURE](): UpstreamFailure;
}

/** The upstream's account of a thrown value, or undefined when it is not an upstream failure. */
export function upstreamFailure(e: unknown): UpstreamFailure | undefined {
  const describe = typeof e === "object" && e !== null ? (e as Partial<DescribesFailure>)[DESCRIBE_FAILURE] : undefined;
  return typeof describe === "function" ? describe.call(e) : undefined;
}

/**
 * Writes an unexpected error to the server log under `ref`. This module is also imported by the
 * browser, so it cannot import lib/log: the server's logger installs itself under this key when
 * loaded (lib/log/logger.ts); without it (a script, the browser) the error goes to the console.
 */
function reportInternalError(ref: string, e: unknown): void {
  const report = (globalThis as Record<symbol, unknown>)[Symbol.for("aic-console.report-internal-error")];
  if (typeof report === "function") report(ref, e);
  else console.error(`[console ${ref}]`, e);
}

/** Turns any thrown value into the error the user sees; internals go to the server log only. */
export function toActionError(e: unknown): ActionError {
  if (e instanceof ConsoleError) {
    const extra = { ...(e.requestId ? { requestId: e.requestId } : {}), ...(e.details === undefined ? {} : { details: e.details }) };
    return withWords({ code: e.code, message: e.message, retryable: e.retryable, ...extra }, e.words);
  }
  const upstream = upstreamFailure(e);
  if (upstream) {
    const message = knownError(upstream.code)?.message ?? upstream.said;
    return {
      code: upstream.code,
      message,
      ...(message === upstream.said ? {} : { detail: upstream.said }),
      ...(upstream.requestId ? { requestId: upstream.requestId } : {}),
      retryable: upstream.retryable,
    };
  }
  const ref = globalThis.crypto.randomUUID();
  reportInternalError(ref, e);
  return withWords(
    { code: "Console.Internal", message: `${CONSOLE_ERRORS["Console.Internal"].message} Reference: ${ref}` },
    { key: "internalReference", values: { reference: ref } },
  );
}

/**
 * Whether a failed change may have been made all the same, so the log says `unknown`, not
 * `failure`: what the error says, and for anything unexpected, yes (nobody knows).
 */
export function mayHaveTakenEffect(e: unknown): boolean {
  if (e instanceof ConsoleError) return e.uncertain;
  return upstreamFailure(e)?.mayHaveBeenApplied ?? true;
}
