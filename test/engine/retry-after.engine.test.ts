/**
 * Retry-After through the real Pulumi CLI and engine, against the sandbox's fault injection, with
 * `mailreseller:maxRetryAfterSeconds` set to 10 in the stack config:
 * a 429 asking for 2 s during `up` is waited for (measured between the two requests in the sandbox's
 * log) and the service is created; a 429 asking for 120 s during `refresh` fails at once, the error saying
 * how long the vendor asked and which setting raises the bound; a 503 whose Retry-After is an HTTP-date
 * 3 s ahead during `destroy` is waited for too.
 */
import axios from "axios";

import { Sandbox, startSandbox } from "../../sandbox/server";
import { EngineStack } from "../harness/engine-stack";

jest.setTimeout(600_000);

const TYPE = "pulumi-nodejs:dynamic/outmail:Service";

let sandbox: Sandbox;
let stack: EngineStack;

const program = `
import * as pulumi from "@pulumi/pulumi";
import { outmail } from "pulumi-mailreseller";

const relay = new outmail.Service("relay", {
  clientId: "9987606",
  serviceName: "Outmail500",
  username: "rate-limited-relay",
  password: pulumi.secret("relay-password-0b7e4d"),
});
export const liveServiceId = relay.liveServiceId;
`;

interface LoggedRequest {
  vendor: string;
  method: string;
  path: string;
  status: number;
  at: string;
  fault?: string;
}
async function partnerRequests(): Promise<LoggedRequest[]> {
  const res = await axios.get<{ requests: LoggedRequest[] }>(`${sandbox.url}/__sandbox/requests`);
  return res.data.requests.filter((r) => r.vendor === "partner");
}
async function addFault(rule: Record<string, unknown>): Promise<void> {
  await axios.delete(`${sandbox.url}/__sandbox/requests`);
  const res = await axios.post(`${sandbox.url}/__sandbox/faults`, {
    faults: [{ vendor: "partner", ...rule }],
  });
  expect(res.status).toBe(201);
}
/** The time between the faulted request and the next one to the same path. */
function waitAfterFault(requests: LoggedRequest[], path: string): number {
  const same = requests.filter((r) => r.path.includes(path));
  const faulted = same.findIndex((r) => r.fault !== undefined);
  expect(faulted).toBeGreaterThanOrEqual(0);
  expect(same[faulted + 1]).toBeDefined();
  return Date.parse(same[faulted + 1].at) - Date.parse(same[faulted].at);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  stack = new EngineStack({
    name: "retry-after",
    sandboxUrl: sandbox.url,
    config: {
      "mailreseller:maxRetryAfterSeconds": { value: "10" },
    },
  });
  stack.writeProgram(program);
});

afterAll(async () => {
  stack?.dispose();
  await sandbox?.close();
});

test("1. up waits the 2 s a 429 asks for (under the 10 s bound), then succeeds", async () => {
  await addFault({
    method: "GET",
    path: "/live_services/service_names",
    kind: "rate-limit",
    retryAfterSeconds: 2,
  });
  const up = await stack.run("up");
  expect(up.result.error).toBeUndefined();
  expect(up.result.summary?.result).toBe("succeeded");
  const requests = await partnerRequests();
  const tariffReads = requests.filter((r) => r.path.endsWith("/live_services/service_names"));
  expect(tariffReads.map((r) => r.status)).toEqual([429, 200]);
  const waited = waitAfterFault(requests, "/live_services/service_names");
  console.log(`[retry-after] up: the 429 asked for 2 s; the retry came ${waited} ms later`);
  expect(waited).toBeGreaterThanOrEqual(2000);
  // Waited once, as asked, not the 10 s bound or a pile of backoffs.
  // Well under the 10 s bound: it waited what was asked, not a capped backoff (slack for a busy machine).
  expect(waited).toBeLessThan(8000);
  expect(requests.filter((r) => r.method === "POST")).toHaveLength(1);
  expect(stack.resourcesOfType(TYPE)).toHaveLength(1);
});

test("2. refresh fails at once when a 429 asks for 120 s, above the 10 s bound, saying how long", async () => {
  await addFault({ method: "GET", path: "/outmails/", kind: "rate-limit", retryAfterSeconds: 120, times: 0 });
  const started = Date.now();
  const refresh = await stack.run("refresh");
  const took = Date.now() - started;
  await axios.delete(`${sandbox.url}/__sandbox/faults`);
  expect(refresh.code).not.toBe(0);
  const errors = refresh.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => d.message)
    .join("\n");
  expect(errors).toContain("outMail Partner API: could not read outMail service (outMail ");
  expect(errors).toContain("HTTP 429 TooManyRequests");
  expect(errors).toContain(
    "outMail Partner API asked to wait 120 s before another try, longer than the 10 s that " +
      "mailreseller:maxRetryAfterSeconds allows",
  );
  expect(errors).toContain("`pulumi config set mailreseller:maxRetryAfterSeconds 120`");
  expect(errors).toContain("MAILRESELLER_MAX_RETRY_AFTER_SECONDS");
  // One request, no retry, and no 120 s wait.
  expect((await partnerRequests()).filter((r) => r.path.includes("/outmails/"))).toHaveLength(1);
  console.log(`[retry-after] refresh: failed after ${took} ms, without waiting the 120 s asked for`);
  expect(took).toBeLessThan(60_000);
  // State is untouched: the service is still there.
  expect(stack.resourcesOfType(TYPE)).toHaveLength(1);
});

test("3. destroy waits a 503's HTTP-date Retry-After 3 s ahead, then deletes", async () => {
  await addFault({
    method: "DELETE",
    path: "/live_services/",
    kind: "error",
    status: 503,
    retryAfterSeconds: 3,
    retryAfterFormat: "http-date",
  });
  const destroy = await stack.run("destroy");
  expect(destroy.result.summary?.result).toBe("succeeded");
  const requests = await partnerRequests();
  const deletes = requests.filter((r) => r.method === "DELETE");
  expect(deletes).toHaveLength(2);
  expect(deletes[0].status).toBe(503);
  expect(deletes[1].status).toBeLessThan(300);
  const waited = waitAfterFault(deletes, "/live_services/");
  console.log(
    `[retry-after] destroy: the 503 asked for 3 s (as an HTTP-date); the retry came ${waited} ms later`,
  );
  // The date is rounded up to a whole second, so the wait is 3 to 4 s.
  expect(waited).toBeGreaterThanOrEqual(3000);
  expect(waited).toBeLessThan(9000);
  expect(stack.resourcesOfType(TYPE)).toHaveLength(0);
});
