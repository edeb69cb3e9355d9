/**
 * One error tree for every vendor failure. A message always names the vendor, the operation, the
 * resource and the vendor's own code and text, so an operator can act on it; nothing in it may carry a
 * credential (callers pass vendor text through {@link redact} first).
 *
 * {@link VendorError} is the base; its subclasses say what kind of failure a call met, and
 * {@link vendorErrorFromStatus} picks one for an HTTP answer. Two classes are about the outcome rather
 * than one call: {@link OutcomeUnknownError} (a lost write nothing could confirm) and
 * {@link AdoptionMismatchError} (an `adopt` target that differs from the program). Advice is added with
 * {@link withHint}, which keeps the class and makes the original the `cause`.
 */

import { type VendorName, vendorDisplayName } from "../protocol/vendors";

export type { VendorName } from "../protocol/vendors";

/** What the failing call was doing, for the message. */
export interface VendorCallContext {
  vendor: VendorName;
  /** What the call does, as an operator would say it: "create outMail service", "regrade live service". */
  operation: string;
  /** The object the call acts on: "live service 1234931", "username myOutmail001". */
  resource?: string;
}

/** Fields shared by every {@link VendorError}. */
export interface VendorErrorDetails extends VendorCallContext {
  /** The HTTP status, when the vendor answered. */
  httpStatus?: number;
  /** The vendor's own error code or name (for example `InsufficientCredits`, `7`). */
  vendorCode?: string;
  /** The vendor's own message, redacted. */
  vendorMessage?: string;
  /**
   * What happened, in the package's words, when no single vendor answer says it (a refusal before any
   * call, a search that found nothing, an activation's status): the message then reads
   * "<vendor>: <reason>. <hint>", and the code and status fields stay for automation.
   */
  reason?: string;
  /** What the operator can do about it. */
  hint?: string;
  /** How long the vendor asked to wait before another try (its Retry-After), in ms, when it said. */
  retryAfterMs?: number;
  /** The error this one explains (kept by {@link withHint}). */
  cause?: unknown;
}

/**
 * A failed vendor call. Subclasses say what kind of failure it was, so callers can tell a missing
 * object (read turns it into "gone") from a conflict, a rate limit, bad credentials or a network fault.
 */
export class VendorError extends Error {
  readonly vendor: VendorName;
  readonly operation: string;
  readonly resource?: string;
  readonly httpStatus?: number;
  readonly vendorCode?: string;
  readonly vendorMessage?: string;
  readonly reason?: string;
  readonly hint?: string;
  /** How long the vendor asked to wait before another try (its Retry-After), in ms, when it said. */
  readonly retryAfterMs?: number;

  constructor(details: VendorErrorDetails) {
    super(formatVendorMessage(details), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.vendor = details.vendor;
    this.operation = details.operation;
    this.resource = details.resource;
    this.httpStatus = details.httpStatus;
    this.vendorCode = details.vendorCode;
    this.vendorMessage = details.vendorMessage;
    this.reason = details.reason;
    this.hint = details.hint;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** The object does not exist at the vendor (HTTP 404 or the vendor's equivalent). */
export class VendorNotFoundError extends VendorError {}
/** The object collides with an existing one (HTTP 409, duplicate natural key). */
export class VendorConflictError extends VendorError {}
/** The vendor refused the input (HTTP 400/422). */
export class VendorValidationError extends VendorError {}
/** The credentials were refused (HTTP 401/403). */
export class VendorAuthError extends VendorError {}
/**
 * The vendor asked us to slow down (HTTP 429) and the request was not repeated: the retries ran out, the
 * vendor asked to wait longer than `mailreseller:maxRetryAfterSeconds` allows, or the request is a write
 * that is not sent twice. `retryAfterMs` and the message say how long the vendor asked to wait.
 */
export class VendorRateLimitError extends VendorError {}
/** The account cannot pay for the operation (outMail's 405 on credits, MailPartner's balance code). */
export class VendorInsufficientFundsError extends VendorError {}
/** The vendor failed (HTTP 5xx) and the retries, where allowed, ran out. */
export class VendorServerError extends VendorError {}
/**
 * No answer came back: the connection failed, was dropped or timed out. For a write this means the
 * outcome is unknown: the vendor may have applied it.
 */
export class VendorConnectionError extends VendorError {
  /** True when the request is known not to have reached the vendor (connection refused). */
  readonly notSent: boolean;
  constructor(details: VendorErrorDetails & { notSent: boolean }) {
    super(details);
    this.notSent = details.notSent;
  }
}

/**
 * An operator command (`pulumi-mailreseller import-plan`, `drift-report`, `unprotect`) could not do its
 * work: an input it was given (a file, a flag) is unusable, or the Pulumi operation it drives failed. Not a
 * vendor's failure; the command prints the message and exits 2.
 */
export class CommandError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Refused before any vendor call: the package knows the vendor would refuse the request (a regrade target
 * the service does not offer, an unsuspension of what Prolateral suspended), or the state or inputs cannot
 * support it (an account pack without an account id, a state with no record id). Nothing was sent, so
 * nothing changed; `reason` says why, `hint` what to do.
 */
export class RefusedBeforeCallError extends VendorError {}

/** The factory of {@link RefusedBeforeCallError}: the call, why it was not made, and what to do. */
export function refusedBeforeCall(
  context: VendorCallContext,
  reason: string,
  ...advice: (string | undefined)[]
): RefusedBeforeCallError {
  return new RefusedBeforeCallError({ ...context, reason, hint: joinSentences(...advice) || undefined });
}

/**
 * The object is not at the vendor, as a search or a list found (not an HTTP 404): an `adopt` target that
 * does not exist, a record that went away before an update. A {@link VendorNotFoundError}, like a 404.
 */
export function notFoundAtVendor(
  context: VendorCallContext,
  reason: string,
  ...advice: (string | undefined)[]
): VendorNotFoundError {
  return new VendorNotFoundError({ ...context, reason, hint: joinSentences(...advice) || undefined });
}

/**
 * A failure that says nothing about the request itself (the vendor busy or down, the connection lost),
 * after the retries a read gets (see deferred-check.ts for what check makes of it).
 */
export function isTransientVendorError(err: unknown): err is VendorError {
  return (
    err instanceof VendorServerError ||
    err instanceof VendorRateLimitError ||
    err instanceof VendorConnectionError
  );
}

/**
 * Credentials refused: an HTTP 401/403, or a vendor code that says so whatever the status (MailPartner's
 * code 10, "Clé API incorrecte"). Says where the credentials are set unless the caller gave advice.
 */
export function vendorAuthError(details: VendorErrorDetails): VendorAuthError {
  return new VendorAuthError({
    ...details,
    hint: details.hint ?? "check the credentials in the stack config (see the README's configuration table)",
  });
}

/** Picks the subclass for an HTTP answer that is not a success. */
export function vendorErrorFromStatus(details: VendorErrorDetails & { httpStatus: number }): VendorError {
  const status = details.httpStatus;
  if (status === 404) return new VendorNotFoundError(details);
  if (status === 409) return new VendorConflictError(details);
  if (status === 400 || status === 422) return new VendorValidationError(details);
  if (status === 401 || status === 403) return vendorAuthError(details);
  if (status === 429) return new VendorRateLimitError(details);
  if (status >= 500) return new VendorServerError(details);
  return new VendorError(details);
}

function formatVendorMessage(d: VendorErrorDetails): string {
  // A reason is written whole (what the package refused or found, with the vendor's code in it).
  if (d.reason !== undefined) return joinSentences(`${vendorDisplayName(d.vendor)}: ${d.reason}`, d.hint);
  const what = d.resource ? `${d.operation} (${d.resource})` : d.operation;
  const code = [d.httpStatus !== undefined ? `HTTP ${d.httpStatus}` : undefined, d.vendorCode]
    .filter((part) => part !== undefined && part !== "")
    .join(" ");
  const vendorText = d.vendorMessage ? `${code ? `${code}: ` : ""}${d.vendorMessage}` : code;
  const parts = [`${vendorDisplayName(d.vendor)}: could not ${what}`];
  if (vendorText) parts.push(vendorText);
  return joinSentences(parts.join(": "), d.hint);
}

/**
 * A write whose answer was lost and whose outcome could not be settled: the request reached the vendor
 * (the connection dropped after it was sent, it timed out, or the vendor answered 5xx), and the look that
 * would tell whether it was applied failed too, or the vendor has no call that can find the object (a
 * MailUp activation, a MailPartner sub-account whose address the vendor generates). The write may have
 * been applied, and billed, or not.
 *
 * Thrown by create and update instead of the write's own error, which becomes its `cause` (a
 * {@link VendorConnectionError} or {@link VendorServerError}); `lookupError` is the failed look's error,
 * when a look was possible. The vendor details (`vendor`, `operation`, `resource`, `httpStatus`,
 * `vendorCode`) are the write's.
 *
 * What the operator should do: look at the vendor (the message says where: the portal, the console, the
 * dashboard) before running `pulumi up` again. When the object is there, set `adopt` on the resource to
 * take it over; when it is not, run `pulumi up` again. Running again without looking may create a second,
 * billed object where the vendor offers no way to find the first.
 *
 * For automation: `err instanceof OutcomeUnknownError` or `err.name === "OutcomeUnknownError"` where the
 * error object is at hand (the provider process, tools built on this package's code). The engine passes
 * on only the message, and every message of this class contains the sentence "The outcome is unknown".
 */
export class OutcomeUnknownError extends VendorError {
  /** Why the look-up that would have settled the outcome failed, when one was made. */
  readonly lookupError?: unknown;
  constructor(details: VendorErrorDetails & { lookupError?: unknown }) {
    super(details);
    this.lookupError = details.lookupError;
  }
}

/** One input whose value in the program differs from the live object's. */
export interface AdoptionDifference {
  /** The input's name, e.g. `serviceName`. */
  name: string;
  /** The program's value (undefined when unset). */
  program: unknown;
  /** The live object's value (undefined when the vendor reports none). */
  live: unknown;
}

/**
 * An `adopt` target exists at the vendor but differs from the program. Thrown by create when `adopt` is
 * set, before anything is written: adopting takes the object over as it is and never changes it, so the
 * program must say what the object is. `differences` lists each input that differs, with both values.
 *
 * What the operator should do: change the program to match the live values listed (or point `adopt` at
 * the object meant), run `pulumi up` to adopt it, then change it in a later `up` if it should be
 * different, where the change is previewed and checked by the policy pack like any other.
 *
 * Not a {@link VendorError}: every vendor call succeeded, and repeating cannot help; it is the program
 * that disagrees with the vendor. For automation: `err instanceof AdoptionMismatchError` or
 * `err.name === "AdoptionMismatchError"` where the error object is at hand; through the engine, which
 * passes on only the message, the message always contains "it differs from the program", followed by one
 * line `  - <name>: program <value>, live <value>` per difference.
 */
export class AdoptionMismatchError extends Error {
  readonly vendor: VendorName;
  /** The live object, as messages name it: "live service 1234931", "account 17". */
  readonly resource: string;
  readonly differences: readonly AdoptionDifference[];

  /** @param kind - what adopting never changes, for the message: "a live service". */
  constructor(details: {
    vendor: VendorName;
    resource: string;
    kind: string;
    differences: readonly AdoptionDifference[];
  }) {
    const lines = details.differences.map(
      (d) => `  - ${d.name}: program ${showValue(d.program)}, live ${showValue(d.live)}`,
    );
    super(
      `${vendorDisplayName(details.vendor)}: cannot adopt ${details.resource}: it differs from the program. ` +
        `Change the program to match, then run again (adopting never changes ${details.kind}):\n${lines.join("\n")}`,
    );
    this.name = new.target.name;
    this.vendor = details.vendor;
    this.resource = details.resource;
    this.differences = details.differences;
  }
}

/**
 * A create refused before any vendor call (or a take-over before any write) because another resource
 * of the stack holds the vendor object it names: one vendor object has one owner in a stack
 * (provider/core/resource/holders.ts). Nothing was created or changed.
 */
export class VendorObjectHeldError extends Error {
  /** The resource that was refused, e.g. `outmail.Service "relay-b"`. */
  readonly resource: string;
  /** The resource that holds the object, e.g. `outmail.Service "relay-a"`. */
  readonly holder: string;
  /** The object's key, as messages name it: `the outMail username "relay"`. */
  readonly key: string;

  constructor(details: { resource: string; holder: string; key: string; message: string }) {
    super(`${details.resource}: ${details.message}. Nothing was created or changed`);
    this.name = new.target.name;
    this.resource = details.resource;
    this.holder = details.holder;
    this.key = details.key;
  }
}

function showValue(value: unknown): string {
  return value === undefined ? "unset" : JSON.stringify(value);
}

/**
 * `err` with more advice for the operator: a VendorError keeps its class (so automation can still tell
 * "outcome unknown" from "refused"), its vendor details and, as `cause`, the original; anything else
 * becomes an Error with the sentences appended and the original as `cause`.
 */
export function withHint(err: unknown, ...sentences: (string | undefined)[]): Error {
  if (err instanceof VendorError) {
    // Every subclass takes its own fields (notSent, lookupError, …) from the details, as the error
    // holds them: copying the error's own fields keeps them all.
    const Kind = err.constructor as new (details: VendorErrorDetails) => VendorError;
    return new Kind({ ...err, hint: joinSentences(err.hint, ...sentences), cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new Error(joinSentences(message, ...sentences), { cause: err });
}

/**
 * The error for a write that may have been applied when nothing could settle whether it was: an
 * {@link OutcomeUnknownError} with the write's vendor details and `err` as its cause. `because` says why
 * the outcome is open (the look-up that failed, or why none is possible); `advice`, what to check and
 * what to set. The message says "The outcome is unknown: <why>", then the advice.
 */
export function outcomeUnknownError(
  err: unknown,
  because: { lookupError: unknown } | { why: string },
  ...advice: (string | undefined)[]
): Error {
  const why =
    "lookupError" in because
      ? `looking it up afterwards failed too (${because.lookupError instanceof Error ? because.lookupError.message : String(because.lookupError)})`
      : because.why;
  const sentences = [`The outcome is unknown: ${why}`, ...advice];
  if (!(err instanceof VendorError)) return withHint(err, ...sentences);
  return new OutcomeUnknownError({
    ...err,
    hint: joinSentences(err.hint, ...sentences),
    cause: err,
    lookupError: "lookupError" in because ? because.lookupError : undefined,
  });
}

/** Joins sentences with one full stop between them, whether or not each already ends with one. */
export function joinSentences(...sentences: (string | undefined)[]): string {
  return sentences
    .filter((s): s is string => s !== undefined && s.trim() !== "")
    .map((s) => s.trim().replace(/\.+$/, ""))
    .join(". ");
}

/**
 * The engine's "created but not initialised" error: the resource is recorded in state with these
 * properties (and its id), so the next `up` updates or resumes it instead of creating another
 * (DESIGN.md invariant 3). Throw it when the vendor object exists but a later step failed or timed out.
 */
export function createdButUnfinished(id: string, properties: object, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  // A vendor error keeps its class (and is the cause of this copy), so its kind survives the wrapping.
  const err = cause instanceof VendorError ? withHint(cause) : new Error(reason, { cause });
  return Object.assign(err, { id, properties, reasons: [reason] });
}
