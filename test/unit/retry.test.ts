import {
  decideRetry,
  defaultRetryPolicy,
  describeWait,
  parseRetryAfter,
} from "../../provider/core/transport/retry";

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5000, maxRetryAfterMs: 60_000 };
const rateLimited = (retryAfter?: string) => ({ kind: "response" as const, status: 429, retryAfter });

describe("decideRetry", () => {
  it.each([429, 502, 503, 504])("retries an idempotent request answered %i", (status) => {
    expect(decideRetry(1, { kind: "response", status }, "idempotent", policy, 0.5)).toEqual({
      retry: true,
      delayMs: 75,
    });
  });

  it.each([400, 401, 404, 405, 409, 422, 500])("does not retry a request answered %i", (status) => {
    expect(decideRetry(1, { kind: "response", status }, "idempotent", policy, 0.5)).toEqual({ retry: false });
  });

  it("never retries a non-idempotent request on a retryable status", () => {
    for (const status of [429, 502, 503, 504]) {
      expect(decideRetry(1, { kind: "response", status }, "non-idempotent", policy)).toEqual({
        retry: false,
      });
    }
  });

  it("retries a non-idempotent request only when it was never sent", () => {
    expect(decideRetry(1, { kind: "network", notSent: false }, "non-idempotent", policy).retry).toBe(false);
    expect(decideRetry(1, { kind: "network", notSent: true }, "non-idempotent", policy).retry).toBe(true);
  });

  it("retries an idempotent request after any network failure", () => {
    expect(decideRetry(1, { kind: "network", notSent: false }, "idempotent", policy).retry).toBe(true);
  });

  it("stops at maxAttempts", () => {
    expect(decideRetry(3, { kind: "response", status: 503 }, "idempotent", policy).retry).toBe(true);
    expect(decideRetry(4, { kind: "response", status: 503 }, "idempotent", policy)).toEqual({ retry: false });
  });

  it("backs off exponentially with jitter between half and all of the step, capped", () => {
    const delays = [1, 2, 3].map((attempt) => {
      const low = decideRetry(attempt, { kind: "response", status: 503 }, "idempotent", policy, 0);
      const high = decideRetry(attempt, { kind: "response", status: 503 }, "idempotent", policy, 0.999999);
      return [low, high].map((d) => (d.retry ? d.delayMs : -1));
    });
    expect(delays).toEqual([
      [50, 100],
      [100, 200],
      [200, 400],
    ]);
    const capped = decideRetry(
      20,
      { kind: "response", status: 503 },
      "idempotent",
      { ...policy, maxAttempts: 30 },
      0.999999,
    );
    expect(capped).toEqual({ retry: true, delayMs: 5000 });
  });

  it("waits what Retry-After asks, beyond the backoff cap, up to maxRetryAfterMs", () => {
    expect(decideRetry(1, rateLimited("2"), "idempotent", policy, 0)).toEqual({ retry: true, delayMs: 2000 });
    // 60 s is far above maxDelayMs (5 s), which caps only the backoff of answers without Retry-After.
    expect(decideRetry(1, rateLimited("60"), "idempotent", policy, 0)).toEqual({
      retry: true,
      delayMs: 60_000,
    });
    // A 503 may carry Retry-After too (RFC 9110 §10.2.3).
    expect(
      decideRetry(2, { kind: "response", status: 503, retryAfter: "30" }, "idempotent", policy, 0),
    ).toEqual({ retry: true, delayMs: 30_000 });
  });

  it("reads an HTTP-date Retry-After against the clock", () => {
    const now = Date.parse("2026-11-23T10:00:00Z");
    expect(
      decideRetry(1, rateLimited("Mon, 23 Nov 2026 10:00:45 GMT"), "idempotent", policy, 0, now),
    ).toEqual({ retry: true, delayMs: 45_000 });
    expect(
      decideRetry(1, rateLimited("Mon, 23 Nov 2026 10:05:00 GMT"), "idempotent", policy, 0, now),
    ).toEqual({
      retry: false,
      unmetWait: { reason: "beyond-bound", askedMs: 300_000, boundMs: 60_000, attempts: 1 },
    });
  });

  it("never waits less than the backoff when Retry-After asks for less", () => {
    expect(decideRetry(3, rateLimited("0"), "idempotent", policy, 0)).toEqual({ retry: true, delayMs: 200 });
    expect(decideRetry(3, rateLimited("soon"), "idempotent", policy, 0)).toEqual({
      retry: true,
      delayMs: 200,
    });
  });

  it("gives up at once when the vendor asks for longer than maxRetryAfterMs, saying how long", () => {
    expect(decideRetry(1, rateLimited("120"), "idempotent", policy, 0)).toEqual({
      retry: false,
      unmetWait: { reason: "beyond-bound", askedMs: 120_000, boundMs: 60_000, attempts: 1 },
    });
    // A bound of 0 never waits for a Retry-After.
    expect(decideRetry(1, rateLimited("1"), "idempotent", { ...policy, maxRetryAfterMs: 0 }, 0)).toEqual({
      retry: false,
      unmetWait: { reason: "beyond-bound", askedMs: 1000, boundMs: 0, attempts: 1 },
    });
  });

  it("says how long the vendor still asks to wait when the attempts have run out", () => {
    expect(decideRetry(4, rateLimited("3"), "idempotent", policy, 0)).toEqual({
      retry: false,
      unmetWait: { reason: "attempts-exhausted", askedMs: 3000, boundMs: 60_000, attempts: 4 },
    });
    expect(decideRetry(4, rateLimited(), "idempotent", policy, 0)).toEqual({ retry: false });
  });

  it("does not repeat a non-idempotent request answered 429, and reports the wait it asked for", () => {
    expect(decideRetry(1, rateLimited("2"), "non-idempotent", policy, 0)).toEqual({
      retry: false,
      unmetWait: { reason: "not-repeatable", askedMs: 2000, boundMs: 60_000, attempts: 1 },
    });
  });

  it("ignores Retry-After on statuses that are not retried", () => {
    expect(
      decideRetry(1, { kind: "response", status: 400, retryAfter: "5" }, "idempotent", policy, 0),
    ).toEqual({ retry: false });
  });

  it("has a bounded default policy", () => {
    expect(defaultRetryPolicy.maxAttempts).toBeGreaterThan(1);
    expect(defaultRetryPolicy.maxAttempts).toBeLessThanOrEqual(5);
    expect(defaultRetryPolicy.maxDelayMs).toBe(10_000);
    expect(defaultRetryPolicy.maxRetryAfterMs).toBe(300_000);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    const now = Date.parse("2026-11-23T10:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Mon, 23 Nov 2026 10:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Mon, 23 Nov 2026 09:00:00 GMT", now)).toBe(0);
  });
  it("ignores what it cannot read", () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});

describe("describeWait", () => {
  it("says seconds, as the setting does", () => {
    expect(describeWait(2000)).toBe("2 s");
    expect(describeWait(1500)).toBe("1.5 s");
    expect(describeWait(3_600_000)).toBe("3600 s");
  });
});
