/**
 * provider/core's request layer against the sandbox over loopback: the concurrency limit, timeouts,
 * Retry-After (waited in full up to the bound, else an error saying how long the vendor asked), and
 * redaction of what a failed request carries.
 */
import { z } from "zod";

import {
  VendorConnectionError,
  VendorError,
  VendorRateLimitError,
  VendorServerError,
} from "../../provider/core/transport/errors";
import { VendorHttpClient, VendorHttpOptions } from "../../provider/core/transport/http";
import { readPartnerFault } from "../../provider/partner/client";
import { DEFAULT_PARTNER_API_KEY, DEFAULT_PARTNER_ID, Sandbox, startSandbox } from "../../sandbox/server";

let sandbox: Sandbox;

const basic = Buffer.from(`${DEFAULT_PARTNER_ID}:${DEFAULT_PARTNER_API_KEY}`).toString("base64");
function client(options: Partial<VendorHttpOptions> = {}) {
  return new VendorHttpClient({
    vendor: "partner",
    baseUrl: `${sandbox.url}/partner/api-v1`,
    headers: { Authorization: `Basic ${basic}` },
    readFault: readPartnerFault,
    retry: { maxAttempts: 2, baseDelayMs: 10 },
    ...options,
  });
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
});
afterEach(() => sandbox.faults.clear());
afterAll(async () => sandbox.close());

test("keeps at most `concurrency` requests in flight per vendor", async () => {
  sandbox.faults.add({ vendor: "partner", kind: "latency", latencyMs: 200, times: 0 });
  const http = client({ concurrency: 2 });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 6 }, () =>
      http.request({ operation: "list clients", method: "GET", path: "/clients", idempotency: "idempotent" }),
    ),
  );
  // 6 requests of 200 ms, 2 at a time: 3 rounds.
  expect(Date.now() - started).toBeGreaterThanOrEqual(590);
});

test("times out a request that hangs, and retries it when it is idempotent", async () => {
  sandbox.faults.add({ vendor: "partner", kind: "latency", latencyMs: 2000, times: 1 });
  sandbox.requestLog.clear();
  const http = client({ timeoutMs: 300 });
  const res = await http.request({
    operation: "list clients",
    method: "GET",
    path: "/clients",
    idempotency: "idempotent",
  });
  expect(res.attempts).toBe(2);
});

test("a timed-out create is not retried and its error says the outcome is unknown, without credentials", async () => {
  sandbox.faults.add({ vendor: "partner", kind: "latency", latencyMs: 2000, times: 1 });
  const http = client({ timeoutMs: 300 });
  const err = await http
    .request({
      operation: "create outMail service",
      resource: "username timeout-test",
      method: "POST",
      path: "/outmails",
      json: { username: "timeout-test", password: "password-never-shown" },
      idempotency: "non-idempotent",
    })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(err).toBeInstanceOf(VendorConnectionError);
  const message = (err as Error).message;
  expect(message).toContain("could not create outMail service (username timeout-test)");
  expect(message).toContain("may have been applied");
  for (const secret of [DEFAULT_PARTNER_API_KEY, basic, "password-never-shown"])
    expect(message).not.toContain(secret);
  expect(JSON.stringify(err)).not.toContain(DEFAULT_PARTNER_API_KEY);
});

test("says which call returned an answer it cannot read, and its shape, never its values", async () => {
  const http = client();
  const err = await http
    .call(z.object({ data: z.array(z.object({ name: z.string() })) }), {
      operation: "list clients",
      method: "GET",
      path: "/clients",
      idempotency: "idempotent",
    })
    .catch((e: Error) => e);
  expect(err).toBeInstanceOf(VendorError);
  expect((err as Error).message).toMatch(
    /^outMail Partner API: could not list clients: HTTP 200 UnexpectedResponse: the answer did not have the expected shape \(data\.0\.name: .*\); it was an object with meta, data$/,
  );
  expect((err as Error).message).not.toContain("brennan");
});

describe("Retry-After", () => {
  const listClients = {
    operation: "list clients",
    resource: "partner sandbox-partner",
    method: "GET" as const,
    path: "/clients",
    idempotency: "idempotent" as const,
  };
  // The waits the layer asked for, instead of waiting them.
  function recordingSleep() {
    const waits: number[] = [];
    return { waits, sleep: async (ms: number) => void waits.push(ms) };
  }
  const settings = (seconds: string) => ({
    get: (key: string) => (key === "mailreseller:maxRetryAfterSeconds" ? seconds : undefined),
  });

  test("waits what the vendor asks, beyond the 10 s backoff cap, then succeeds", async () => {
    sandbox.faults.add({ vendor: "partner", kind: "rate-limit", retryAfterSeconds: 120 });
    const { waits, sleep } = recordingSleep();
    const res = await client({ sleep }).request(listClients);
    expect(res.attempts).toBe(2);
    expect(waits).toEqual([120_000]);
  });

  test("reads an HTTP-date Retry-After", async () => {
    sandbox.faults.add({
      vendor: "partner",
      kind: "rate-limit",
      retryAfterSeconds: 40,
      retryAfterFormat: "http-date",
    });
    const { waits, sleep } = recordingSleep();
    await client({ sleep }).request(listClients);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(38_000);
    expect(waits[0]).toBeLessThanOrEqual(41_000);
  });

  test("fails at once beyond mailreseller:maxRetryAfterSeconds, saying how long the vendor asked", async () => {
    sandbox.faults.add({ vendor: "partner", kind: "rate-limit", retryAfterSeconds: 120, times: 0 });
    sandbox.requestLog.clear();
    const { waits, sleep } = recordingSleep();
    const err = await client({ sleep, config: settings("30") })
      .request(listClients)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorRateLimitError);
    expect((err as VendorRateLimitError).retryAfterMs).toBe(120_000);
    expect(waits).toEqual([]);
    expect(sandbox.requests).toHaveLength(1);
    expect((err as Error).message).toMatch(
      /^outMail Partner API: could not list clients \(partner sandbox-partner\): HTTP 429 TooManyRequests: Too many requests; retry after 120 s \(injected fault, sandbox rule \d+\)\. /,
    );
    expect((err as Error).message).toMatch(
      /\. outMail Partner API asked to wait 120 s before another try, longer than the 30 s that mailreseller:maxRetryAfterSeconds allows: run `pulumi up` again after that, or raise the bound with `pulumi config set mailreseller:maxRetryAfterSeconds 120` \(or the environment variable MAILRESELLER_MAX_RETRY_AFTER_SECONDS\)$/,
    );
  });

  test("says how long the vendor still asks when the attempts run out", async () => {
    sandbox.faults.add({ vendor: "partner", kind: "rate-limit", retryAfterSeconds: 5, times: 0 });
    const { waits, sleep } = recordingSleep();
    const err = await client({ sleep, retry: { maxAttempts: 3, baseDelayMs: 10 } })
      .request(listClients)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorRateLimitError);
    expect(waits).toEqual([5000, 5000]);
    expect((err as Error).message).toContain("outMail Partner API still asked to wait 5 s after 3 attempts");
  });

  test("a 503 with Retry-After is waited for too, and keeps its class when it is not", async () => {
    sandbox.faults.add({ vendor: "partner", kind: "error", status: 503, retryAfterSeconds: 20 });
    const { waits, sleep } = recordingSleep();
    expect((await client({ sleep }).request(listClients)).attempts).toBe(2);
    expect(waits).toEqual([20_000]);

    sandbox.faults.add({ vendor: "partner", kind: "error", status: 503, retryAfterSeconds: 600 });
    const err = await client({ sleep })
      .request(listClients)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorServerError);
    expect((err as Error).message).toContain("outMail Partner API asked to wait 600 s before another try");
  });

  test("never repeats a write answered 429, and says how long the vendor asked", async () => {
    sandbox.faults.add({ vendor: "partner", method: "POST", kind: "rate-limit", retryAfterSeconds: 2 });
    sandbox.requestLog.clear();
    const { waits, sleep } = recordingSleep();
    const err = await client({ sleep })
      .request({
        operation: "create outMail service",
        resource: "username rate-limited",
        method: "POST",
        path: "/outmails",
        json: { username: "rate-limited" },
        idempotency: "non-idempotent",
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorRateLimitError);
    expect(waits).toEqual([]);
    expect(sandbox.requests).toHaveLength(1);
    expect((err as Error).message).toContain(
      "outMail Partner API asked to wait 2 s before another try; this write is not sent again automatically",
    );
  });
});
