import { decideRetry, defaultRetryPolicy, parseRetryAfter } from "../../provider/core/retry";

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5000 };

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

  it("honours Retry-After, within the cap", () => {
    expect(
      decideRetry(1, { kind: "response", status: 429, retryAfter: "2" }, "idempotent", policy, 0),
    ).toEqual({
      retry: true,
      delayMs: 2000,
    });
    expect(
      decideRetry(1, { kind: "response", status: 429, retryAfter: "120" }, "idempotent", policy, 0),
    ).toEqual({
      retry: true,
      delayMs: 5000,
    });
  });

  it("has a bounded default policy", () => {
    expect(defaultRetryPolicy.maxAttempts).toBeGreaterThan(1);
    expect(defaultRetryPolicy.maxAttempts).toBeLessThanOrEqual(5);
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
