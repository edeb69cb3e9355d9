/**
 * The retry decision: one pure function, so its rules can be tested without a network.
 *
 * Only requests that are safe to repeat are retried on an ambiguous failure. A write that is not
 * idempotent (creating an outMail service costs credits) is retried only when it is known not to have
 * reached the vendor (connection refused); otherwise the caller looks the object up by its natural key
 * (DESIGN.md invariant 3).
 */

/** How a request may be repeated. */
export type Idempotency =
  /** Reads, deletes, absolute sets: repeating has the same effect as doing it once. */
  | "idempotent"
  /** Creates and charges: a repeat may double the effect. */
  | "non-idempotent";

/** What one attempt produced. */
export type AttemptOutcome =
  | { kind: "response"; status: number; retryAfter?: string }
  /** `notSent`: the connection was refused, so the vendor never saw the request. */
  | { kind: "network"; notSent: boolean };

/** The knobs of the backoff. */
export interface RetryPolicy {
  /** Attempts in all, the first included. Default 4. */
  maxAttempts: number;
  /** Delay before the first retry, doubled at each retry. Default 250 ms. */
  baseDelayMs: number;
  /** Cap on any single delay, Retry-After included. Default 10 s. */
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 10_000 };

/** The statuses that say "try again later" rather than "this request is wrong". */
export const retryableStatuses: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

/**
 * Decides whether attempt number `attempt` (1-based) should be followed by another, and after how long.
 *
 * @param random - a number in [0, 1) for the jitter; injectable so tests are deterministic.
 * @param now - the current time in ms, to read an HTTP-date Retry-After.
 */
export function decideRetry(
  attempt: number,
  outcome: AttemptOutcome,
  idempotency: Idempotency,
  policy: RetryPolicy = defaultRetryPolicy,
  random: number = Math.random(),
  now: number = Date.now(),
): RetryDecision {
  if (attempt >= policy.maxAttempts) return { retry: false };

  let retryable: boolean;
  let retryAfterMs: number | undefined;
  if (outcome.kind === "network") {
    retryable = idempotency === "idempotent" || outcome.notSent;
  } else {
    retryable = idempotency === "idempotent" && retryableStatuses.has(outcome.status);
    retryAfterMs = parseRetryAfter(outcome.retryAfter, now);
  }
  if (!retryable) return { retry: false };

  // Full jitter on the exponential step keeps many provider processes from retrying in lockstep.
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(exponential / 2 + (random * exponential) / 2);
  const delayMs =
    retryAfterMs !== undefined ? Math.min(policy.maxDelayMs, Math.max(retryAfterMs, jittered)) : jittered;
  return { retry: true, delayMs };
}

/** Reads a Retry-After header: delta-seconds or an HTTP-date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
