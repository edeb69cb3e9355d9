/**
 * provider/core's request layer against the sandbox over loopback: the concurrency limit, timeouts,
 * and redaction of what a failed request carries.
 */
import { z } from "zod";

import { VendorConnectionError, VendorError } from "../../provider/core/errors";
import { VendorHttpClient } from "../../provider/core/http";
import { readPartnerFault } from "../../provider/outmail/client";
import { DEFAULT_PARTNER_API_KEY, DEFAULT_PARTNER_ID, Sandbox, startSandbox } from "../../sandbox/server";

let sandbox: Sandbox;

const basic = Buffer.from(`${DEFAULT_PARTNER_ID}:${DEFAULT_PARTNER_API_KEY}`).toString("base64");
function client(options: { concurrency?: number; timeoutMs?: number } = {}) {
  return new VendorHttpClient({
    vendor: "outmail",
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
