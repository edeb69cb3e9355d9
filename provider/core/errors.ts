/**
 * One error tree for every vendor failure. A message always names the vendor, the operation, the
 * resource and the vendor's own code and text, so an operator can act on it; nothing in it may carry a
 * credential (callers pass vendor text through {@link redact} first).
 */

/** A vendor API this package talks to. */
export type VendorName = "outmail" | "mailpartner" | "resellerclub" | "mailup";

/** Display names used in messages. */
export const vendorDisplayNames: Record<VendorName, string> = {
  outmail: "outMail Partner API",
  mailpartner: "MailPartner",
  resellerclub: "ResellerClub",
  mailup: "MailUp",
};

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

/** Picks the subclass for an HTTP answer that is not a success. */
export function vendorErrorFromStatus(details: VendorErrorDetails & { httpStatus: number }): VendorError {
  const status = details.httpStatus;
  if (status === 404) return new VendorNotFoundError(details);
  if (status === 409) return new VendorConflictError(details);
  if (status === 400 || status === 422) return new VendorValidationError(details);
  if (status === 401 || status === 403) {
    return new VendorAuthError({
      ...details,
      hint:
        details.hint ?? "check the credentials in the stack config (see the README's configuration table)",
    });
  }
  if (status === 429) return new VendorRateLimitError(details);
  if (status >= 500) return new VendorServerError(details);
  return new VendorError(details);
}

function formatVendorMessage(d: VendorErrorDetails): string {
  const what = d.resource ? `${d.operation} (${d.resource})` : d.operation;
  const code = [d.httpStatus !== undefined ? `HTTP ${d.httpStatus}` : undefined, d.vendorCode]
    .filter((part) => part !== undefined && part !== "")
    .join(" ");
  const vendorText = d.vendorMessage ? `${code ? `${code}: ` : ""}${d.vendorMessage}` : code;
  const parts = [`${vendorDisplayNames[d.vendor]}: could not ${what}`];
  if (vendorText) parts.push(vendorText);
  return joinSentences(parts.join(": "), d.hint);
}

/**
 * `err` with more advice for the operator: a VendorError keeps its class (so automation can still tell
 * "outcome unknown" from "refused"), its vendor details and, as `cause`, the original; anything else
 * becomes an Error with the sentences appended and the original as `cause`.
 */
export function withHint(err: unknown, ...sentences: (string | undefined)[]): Error {
  if (err instanceof VendorError) {
    const Kind = err.constructor as new (details: VendorErrorDetails & { notSent?: boolean }) => VendorError;
    return new Kind({
      vendor: err.vendor,
      operation: err.operation,
      resource: err.resource,
      httpStatus: err.httpStatus,
      vendorCode: err.vendorCode,
      vendorMessage: err.vendorMessage,
      hint: joinSentences(err.hint, ...sentences),
      retryAfterMs: err.retryAfterMs,
      notSent: err instanceof VendorConnectionError ? err.notSent : undefined,
      cause: err,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new Error(joinSentences(message, ...sentences), { cause: err });
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
  return Object.assign(new Error(reason, { cause }), { id, properties, reasons: [reason] });
}
