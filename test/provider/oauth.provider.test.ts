/**
 * OAuth2 tokens in the request layer, against a throwaway token server and API on port 0 (the vendor
 * sandboxes cover each vendor's own shapes): one token shared by concurrent calls, renewal before
 * expiry with the refresh token, a revoked token replaced once on 401, refused credentials explained.
 */
import express from "express";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";

import { VendorAuthError, VendorRateLimitError } from "../../provider/core/transport/errors";
import { VendorHttpClient } from "../../provider/core/transport/http";
import { PasswordGrantTokenSource } from "../../provider/core/transport/oauth";

const credentials = {
  clientId: "client-1",
  clientSecret: "client-secret-abc123",
  username: "retailer",
  password: "retailer-password-xyz",
};

let server: Server;
let baseUrl: string;
let issued = 0;
const valid = new Set<string>();
const refreshTokens = new Set<string>();
const grants: string[] = [];
/**
 * Answers to give the next token requests before the real one: a status (with `Retry-After: 0`), a
 * status with its own Retry-After, or "drop" the connection.
 */
const tokenTrouble: (number | "drop" | { status: number; retryAfter: string })[] = [];

beforeAll(async () => {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.post("/token", (req, res) => {
    const body = req.body as Record<string, string>;
    grants.push(body.grant_type);
    const trouble = tokenTrouble.shift();
    if (trouble === "drop") {
      req.socket.destroy();
      return;
    }
    if (typeof trouble === "number") {
      res.status(trouble).set("Retry-After", "0").json({ error: "temporarily_unavailable" });
      return;
    }
    if (trouble !== undefined) {
      res.status(trouble.status).set("Retry-After", trouble.retryAfter).json({ error: "slow_down" });
      return;
    }
    if (body.client_id !== credentials.clientId || body.client_secret !== credentials.clientSecret) {
      res.status(401).json({ error: "invalid_client" });
      return;
    }
    const ok =
      (body.grant_type === "password" &&
        body.username === credentials.username &&
        body.password === credentials.password) ||
      (body.grant_type === "refresh_token" && refreshTokens.has(body.refresh_token));
    if (!ok) {
      res.status(400).json({ error: "invalid_grant", error_description: "The credentials are not valid" });
      return;
    }
    issued += 1;
    const access = `access-${issued}`;
    const refresh = `refresh-${issued}`;
    valid.add(access);
    refreshTokens.add(refresh);
    res.json({ access_token: access, token_type: "bearer", expires_in: 3600, refresh_token: refresh });
  });
  app.get("/api/thing", (req, res) => {
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    if (!valid.has(token)) {
      res.status(401).json({ ErrorName: "Unauthorized" });
      return;
    }
    res.json({ token });
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  grants.length = 0;
  tokenTrouble.length = 0;
});

function clientWith(tokens: PasswordGrantTokenSource) {
  return new VendorHttpClient({
    vendor: "mailup",
    baseUrl: `${baseUrl}/api`,
    bearer: tokens,
    readFault: () => undefined,
    retry: { maxAttempts: 2, baseDelayMs: 1 },
  });
}
const get = (http: VendorHttpClient) =>
  http.request<{ token: string }>({
    operation: "read thing",
    method: "GET",
    path: "/thing",
    idempotency: "idempotent",
  });

test("concurrent requests share one token", async () => {
  const tokens = new PasswordGrantTokenSource("mailup", { tokenUrl: `${baseUrl}/token`, ...credentials });
  const http = clientWith(tokens);
  const results = await Promise.all(Array.from({ length: 5 }, () => get(http)));
  expect(new Set(results.map((r) => r.data.token)).size).toBe(1);
  expect(grants).toEqual(["password"]);
});

test("renews with the refresh token shortly before expiry", async () => {
  let now = 1_000_000;
  const tokens = new PasswordGrantTokenSource(
    "mailup",
    { tokenUrl: `${baseUrl}/token`, ...credentials },
    { now: () => now, renewBeforeMs: 60_000 },
  );
  const http = clientWith(tokens);
  const first = await get(http);
  now += 3600_000 - 59_000; // inside the renewal margin
  const second = await get(http);
  expect(second.data.token).not.toBe(first.data.token);
  expect(grants).toEqual(["password", "refresh_token"]);
});

test("a token revoked mid-run is replaced once and the request goes through", async () => {
  const tokens = new PasswordGrantTokenSource("mailup", { tokenUrl: `${baseUrl}/token`, ...credentials });
  const http = clientWith(tokens);
  const first = await get(http);
  valid.delete(first.data.token);
  const second = await get(http);
  expect(second.data.token).not.toBe(first.data.token);
  expect(second.attempts).toBe(1);
  expect(grants).toEqual(["password", "password"]);
});

test("refused credentials fail with an actionable error that shows no secret", async () => {
  const tokens = new PasswordGrantTokenSource("mailup", {
    tokenUrl: `${baseUrl}/token`,
    ...credentials,
    password: "wrong-password-123",
  });
  const err = await get(clientWith(tokens)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(VendorAuthError);
  const message = (err as Error).message;
  expect(message).toContain(
    "MailUp: could not obtain an OAuth2 token (user retailer): HTTP 400 invalid_grant",
  );
  expect(message).toContain("check the OAuth2 client and user credentials");
  for (const secret of ["wrong-password-123", credentials.clientSecret])
    expect(message).not.toContain(secret);
});

test("a busy or dropped token request is retried, and running out of tries does not blame the credentials", async () => {
  const retryPolicy = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 };
  const tokens = new PasswordGrantTokenSource(
    "mailup",
    { tokenUrl: `${baseUrl}/token`, ...credentials },
    { retryPolicy },
  );
  tokenTrouble.push(503, "drop", 429);
  expect((await get(clientWith(tokens))).data.token).toMatch(/^access-/);
  expect(grants).toEqual(["password", "password", "password", "password"]);

  const busy = new PasswordGrantTokenSource(
    "mailup",
    { tokenUrl: `${baseUrl}/token`, ...credentials },
    { retryPolicy },
  );
  tokenTrouble.push(503, 503, 503, 503);
  const err = (await get(clientWith(busy)).catch((e: unknown) => e)) as Error;
  expect(err).not.toBeInstanceOf(VendorAuthError);
  expect(err.message).toBe(
    "MailUp: could not obtain an OAuth2 token (user retailer): HTTP 503 temporarily_unavailable",
  );
});

test("a token request told to wait longer than mailreseller:maxRetryAfterSeconds fails at once, saying how long", async () => {
  const tokens = new PasswordGrantTokenSource(
    "mailup",
    { tokenUrl: `${baseUrl}/token`, ...credentials },
    { config: { get: (key) => (key === "mailreseller:maxRetryAfterSeconds" ? "30" : undefined) } },
  );
  grants.length = 0;
  tokenTrouble.push({ status: 429, retryAfter: "120" });
  const err = (await get(clientWith(tokens)).catch((e: unknown) => e)) as Error;
  expect(err).toBeInstanceOf(VendorRateLimitError);
  expect(grants).toEqual(["password"]);
  expect(err.message).toBe(
    "MailUp: could not obtain an OAuth2 token (user retailer): HTTP 429 slow_down. MailUp asked to wait " +
      "120 s before another try, longer than the 30 s that mailreseller:maxRetryAfterSeconds allows: run " +
      "`pulumi up` again after that, or raise the bound with `pulumi config set " +
      "mailreseller:maxRetryAfterSeconds 120` (or the environment variable MAILRESELLER_MAX_RETRY_AFTER_SECONDS)",
  );
});
