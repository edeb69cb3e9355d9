/**
 * Polling of a vendor's long operation (MailUp's account activation and profile switch): capped
 * exponential backoff between checks, bounded by a deadline. When the deadline passes first the caller
 * learns it without an exception of its own, so it can record the object as created-but-unfinished
 * (DESIGN.md invariant 3) instead of losing it.
 */

/** One check of the operation: finished with a value, or still running. */
export type PollCheck<T> = { done: true; value: T } | { done: false; status?: string };

/** The outcome of {@link pollUntilDone}. */
export type PollResult<T> =
  | { done: true; value: T; checks: number; elapsedMs: number }
  | { done: false; checks: number; elapsedMs: number; lastStatus?: string };

export interface PollOptions {
  /** Give up after this long. */
  timeoutMs: number;
  /** First wait between checks; doubled each time up to `maxDelayMs`. Default 500 ms. */
  initialDelayMs?: number;
  /** Default 10 s. */
  maxDelayMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Checks until the operation is done or the deadline passes. The first check is immediate. */
export async function pollUntilDone<T>(
  check: () => Promise<PollCheck<T>>,
  options: PollOptions,
): Promise<PollResult<T>> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const started = now();
  let delay = options.initialDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 10_000;
  for (let checks = 1; ; checks++) {
    const result = await check();
    const elapsedMs = now() - started;
    if (result.done) return { done: true, value: result.value, checks, elapsedMs };
    const remaining = options.timeoutMs - elapsedMs;
    if (remaining <= 0) return { done: false, checks, elapsedMs, lastStatus: result.status };
    await sleep(Math.min(delay, remaining));
    delay = Math.min(maxDelay, delay * 2);
  }
}
