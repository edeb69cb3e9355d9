/**
 * OAuth2 bearer tokens for vendors that use them (MailUp): the resource-owner password grant, the token
 * cached for the life of the provider process and shared by every resource, renewed shortly before it
 * expires (with the refresh token when there is one), and dropped when the vendor answers 401, so the
 * request layer can fetch a new one and try once more. Every credential and token is registered for
 * redaction before it is used.
 */
import * as http from "node:http";
import * as https from "node:https";
import axios, { AxiosInstance } from "axios";
import { z } from "zod";

import type { ConfigSource } from "./config";
import { VendorAuthError, VendorError, VendorName, vendorErrorFromStatus } from "./errors";
import { connectionError, headerValue, readRequestSettings, unmetWaitHint } from "./http";
import { redact, registerSecret } from "./redact";
import {
  AttemptOutcome,
  RetryPolicy,
  UnmetWait,
  decideRetry,
  defaultRetryPolicy,
  parseRetryAfter,
} from "./retry";

/** What the password grant needs. */
export interface PasswordGrantCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

/** Something that supplies the Authorization header and can be told the header was refused. */
export interface BearerAuth {
  /** The current `Bearer …` header value, fetching or renewing the token when needed. */
  authorization(): Promise<string>;
  /** The vendor answered 401 with this header value: forget the token so the next call gets another. */
  rejected(authorization: string): void;
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
  refresh_token: z.string().optional(),
});

interface CachedToken {
  accessToken: string;
  refreshToken?: string;
  expiresAt: number;
}

/** Options of a {@link PasswordGrantTokenSource}. */
export interface TokenSourceOptions {
  /** Renew this long before expiry. Default 60 s. */
  renewBeforeMs?: number;
  /** When the vendor does not say how long a token lives. Default 5 minutes. */
  defaultLifetimeMs?: number;
  timeoutMs?: number;
  /** Injectable clock for tests. */
  now?: () => number;
  /**
   * How token requests are retried, over {@link defaultRetryPolicy}; `maxRetryAfterMs` otherwise comes
   * from `mailreseller:maxRetryAfterSeconds` (read from `config`).
   */
  retryPolicy?: Partial<RetryPolicy>;
  /** Where the request layer's settings are read. Default: the provider's stack config, then the environment. */
  config?: ConfigSource;
}

/** Counts token requests, for tests and benchmarks. */
export interface TokenStats {
  passwordGrants: number;
  refreshGrants: number;
}

/** Bearer tokens from an OAuth2 token endpoint, cached and renewed. */
export class PasswordGrantTokenSource implements BearerAuth {
  readonly stats: TokenStats = { passwordGrants: 0, refreshGrants: 0 };
  private cached?: CachedToken;
  private pending?: Promise<CachedToken>;
  private readonly http: AxiosInstance;
  private readonly now: () => number;
  private readonly renewBeforeMs: number;
  private readonly defaultLifetimeMs: number;
  private readonly retryPolicy: RetryPolicy;

  constructor(
    private readonly vendor: VendorName,
    private readonly credentials: PasswordGrantCredentials,
    options: TokenSourceOptions = {},
  ) {
    registerSecret(credentials.clientSecret);
    registerSecret(credentials.password);
    this.now = options.now ?? Date.now;
    this.renewBeforeMs = options.renewBeforeMs ?? 60_000;
    this.defaultLifetimeMs = options.defaultLifetimeMs ?? 300_000;
    this.retryPolicy = {
      ...defaultRetryPolicy,
      ...(options.retryPolicy?.maxRetryAfterMs === undefined ? readRequestSettings(options.config) : {}),
      ...options.retryPolicy,
    };
    this.http = axios.create({
      timeout: options.timeoutMs ?? 30_000,
      httpAgent: new http.Agent({ keepAlive: true }),
      httpsAgent: new https.Agent({ keepAlive: true }),
      validateStatus: () => true,
      maxRedirects: 0,
      proxy: false,
    });
  }

  async authorization(): Promise<string> {
    const token = await this.currentToken();
    return `Bearer ${token.accessToken}`;
  }

  rejected(authorization: string): void {
    if (this.cached && authorization === `Bearer ${this.cached.accessToken}`) this.cached = undefined;
  }

  private async currentToken(): Promise<CachedToken> {
    if (this.cached && this.now() < this.cached.expiresAt - this.renewBeforeMs) return this.cached;
    // Concurrent resources share one token request instead of each fetching their own.
    this.pending ??= this.fetchToken(this.cached?.refreshToken).finally(() => (this.pending = undefined));
    this.cached = await this.pending;
    return this.cached;
  }

  private async fetchToken(refreshToken: string | undefined): Promise<CachedToken> {
    if (refreshToken) {
      try {
        return await this.grant({ grant_type: "refresh_token", refresh_token: refreshToken });
      } catch (err) {
        // A refused refresh token is ordinary (revoked, expired): fall back to the password grant.
        if (!(err instanceof VendorAuthError)) throw err;
      }
    }
    return this.grant({
      grant_type: "password",
      username: this.credentials.username,
      password: this.credentials.password,
    });
  }

  /**
   * One grant, retried like an idempotent request: asking for a token again changes nothing at the vendor
   * but the token, so a dropped connection, a 429 or a 5xx is worth another try. Only a refusal (4xx)
   * means the credentials are wrong.
   */
  private async grant(fields: Record<string, string>): Promise<CachedToken> {
    const context = {
      vendor: this.vendor,
      operation:
        fields.grant_type === "refresh_token" ? "refresh the OAuth2 token" : "obtain an OAuth2 token",
      resource: `user ${this.credentials.username}`,
    };
    if (fields.grant_type === "refresh_token") this.stats.refreshGrants += 1;
    else this.stats.passwordGrants += 1;
    const body = new URLSearchParams({
      ...fields,
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
    }).toString();
    for (let attempt = 1; ; attempt++) {
      let outcome: AttemptOutcome;
      let failure: (unmetWait: UnmetWait | undefined) => VendorError;
      try {
        const res = await this.http.post<unknown>(this.credentials.tokenUrl, body, {
          headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        });
        const parsed = tokenResponse.safeParse(res.data);
        if (res.status >= 200 && res.status < 300 && parsed.success) return this.cache(parsed.data);
        const retryAfter = headerValue(res.headers["retry-after"]);
        outcome = { kind: "response", status: res.status, retryAfter };
        failure = (unmetWait) =>
          this.refusal(context, res.status, res.data, parsed.success, retryAfter, unmetWait);
      } catch (err) {
        const lost = connectionError(context, err, "idempotent");
        outcome = { kind: "network", notSent: lost.notSent };
        failure = () => lost;
      }
      const decision = decideRetry(attempt, outcome, "idempotent", this.retryPolicy);
      if (!decision.retry) throw failure(decision.unmetWait);
      await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
    }
  }

  private cache(data: z.infer<typeof tokenResponse>): CachedToken {
    registerSecret(data.access_token);
    registerSecret(data.refresh_token);
    const lifetimeMs = data.expires_in !== undefined ? data.expires_in * 1000 : this.defaultLifetimeMs;
    return {
      accessToken: data.access_token,
      refreshToken: data.refresh_token,
      expiresAt: this.now() + lifetimeMs,
    };
  }

  /** A token endpoint's non-success answer: busy (429, 5xx) is not a credentials problem. */
  private refusal(
    context: { vendor: VendorName; operation: string; resource: string },
    status: number,
    data: unknown,
    wellFormed: boolean,
    retryAfter: string | undefined,
    unmetWait: UnmetWait | undefined,
  ): VendorError {
    const fault = z.object({ error: z.string(), error_description: z.string().optional() }).safeParse(data);
    const details = {
      ...context,
      httpStatus: status,
      vendorCode: fault.success ? redact(fault.data.error) : wellFormed ? undefined : "UnexpectedResponse",
      vendorMessage:
        fault.success && fault.data.error_description ? redact(fault.data.error_description) : undefined,
      retryAfterMs: parseRetryAfter(retryAfter),
      hint: unmetWait === undefined ? undefined : unmetWaitHint(context.vendor, unmetWait),
    };
    if (status === 429 || status >= 500) return vendorErrorFromStatus(details);
    return new VendorAuthError({
      ...details,
      hint: "check the OAuth2 client and user credentials in the stack config (see the README's configuration table)",
    });
  }
}
