/**
 * The retry decision: one pure function, so its rules can be tested without a network.
 *
 * Only requests that are safe to repeat are retried on an ambiguous failure. A write that is not
 * idempotent (creating an outMail service costs credits) is retried only when it is known not to have
 * reached the vendor (connection refused); otherwise the caller looks the object up by its natural key
 * (DESIGN.md invariant 3). No vendor documents that a 429 means the request was not acted on, so a
 * non-idempotent request answered 429 is not repeated either.
 *
 * A vendor's `Retry-After` is waited for in full, up to {@link RetryPolicy.maxRetryAfterMs}: retrying
 * sooner only earns another 429 (or a ban). When the vendor asks for longer than that, or still asks to
 * wait when the attempts have run out, the decision says so ({@link UnmetWait}) and the error tells the
 * operator how long the vendor asked for.
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
  /** Cap on the exponential backoff of an answer without Retry-After. Default 10 s. */
  maxDelayMs: number;
  /**
   * The longest Retry-After waited for; a vendor asking for more fails the request at once. Default
   * 300 s; the request layer takes it from `mailreseller:maxRetryAfterSeconds`.
   */
  maxRetryAfterMs: number;
}

/** The default `maxRetryAfterMs`, in seconds: see `requestSettings` in http.ts for why 300. */
export const DEFAULT_MAX_RETRY_AFTER_SECONDS = 300;

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterMs: DEFAULT_MAX_RETRY_AFTER_SECONDS * 1000,
};

/** The statuses that say "try again later" rather than "this request is wrong". */
export const retryableStatuses: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * A wait the vendor asked for (Retry-After) that this layer did not make, and why:
 * - `beyond-bound`: the vendor asked for more than {@link RetryPolicy.maxRetryAfterMs};
 * - `attempts-exhausted`: every attempt was used and the vendor still asks to wait;
 * - `not-repeatable`: the request is not idempotent, so it is not sent again automatically.
 */
export interface UnmetWait {
  reason: "beyond-bound" | "attempts-exhausted" | "not-repeatable";
  /** What the vendor asked for, in ms. */
  askedMs: number;
  /** The policy's `maxRetryAfterMs`. */
  boundMs: number;
  /** Attempts made so far. */
  attempts: number;
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  /** `unmetWait` is set when the answer carried a Retry-After this layer did not wait for. */
  | { retry: false; unmetWait?: UnmetWait };

/**
 * Decides whether attempt number `attempt` (1-based) should be followed by another, and after how long.
 *
 * A retryable answer with Retry-After waits at least that long (the jittered backoff when it is
 * longer), up to `maxRetryAfterMs`; one without waits the jittered exponential backoff, capped at
 * `maxDelayMs`.
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
  if (outcome.kind === "network") {
    const retryable = idempotency === "idempotent" || outcome.notSent;
    if (!retryable || attempt >= policy.maxAttempts) return { retry: false };
    return { retry: true, delayMs: backoff(attempt, policy, random) };
  }

  if (!retryableStatuses.has(outcome.status)) return { retry: false };
  const askedMs = parseRetryAfter(outcome.retryAfter, now);
  const unmet = (reason: UnmetWait["reason"]): RetryDecision =>
    askedMs === undefined || askedMs === 0
      ? { retry: false }
      : { retry: false, unmetWait: { reason, askedMs, boundMs: policy.maxRetryAfterMs, attempts: attempt } };
  if (idempotency !== "idempotent") return unmet("not-repeatable");
  if (askedMs !== undefined && askedMs > policy.maxRetryAfterMs) return unmet("beyond-bound");
  if (attempt >= policy.maxAttempts) return unmet("attempts-exhausted");
  const jittered = backoff(attempt, policy, random);
  return { retry: true, delayMs: askedMs === undefined ? jittered : Math.max(askedMs, jittered) };
}

// Full jitter on the exponential step keeps many provider processes from retrying in lockstep.
function backoff(attempt: number, policy: RetryPolicy, random: number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + (random * exponential) / 2);
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

/** A wait for a message, in seconds like the setting that bounds it: `120 s`, `1.5 s`. */
export function describeWait(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
