/**
 * OAuth2 bearer tokens for vendors that use them (MailUp): the resource-owner password grant, the token
 * cached for the life of the provider process and shared by every resource, renewed shortly before it
 * expires (with the refresh token when there is one), and dropped when the vendor answers 401, so the
 * request layer can fetch a new one and try once more. Every credential and token is registered for
 * redaction before it is used.
 */
import { z } from "zod";

import type { ConfigSource } from "./config";
import { VendorAuthError, VendorName } from "./errors";
import { type BearerAuth, type VendorFault, VendorHttpClient } from "./http";
import { registerSecret } from "./redact";
import type { RetryPolicy } from "./retry";

export type { BearerAuth } from "./http";

/** What the password grant needs. */
export interface PasswordGrantCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
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
  /** Injectable for tests, so backoff does not slow them. */
  sleep?: (ms: number) => Promise<void>;
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
  private readonly http: VendorHttpClient;
  private readonly now: () => number;
  private readonly renewBeforeMs: number;
  private readonly defaultLifetimeMs: number;

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
    // Token grants go through the one request layer: asking for a token again changes nothing at the
    // vendor but the token, so they are retried as idempotent requests. They get a concurrency group of
    // their own: a token is fetched from inside a vendor request that already holds one of the vendor's
    // slots, and sharing those slots could leave the grant waiting on the requests waiting for it.
    this.http = new VendorHttpClient({
      vendor,
      baseUrl: credentials.tokenUrl,
      concurrencyGroup: `${vendor} OAuth2 token`,
      readFault: readTokenFault,
      timeoutMs: options.timeoutMs,
      retry: options.retryPolicy,
      config: options.config,
      sleep: options.sleep,
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

  /** One grant, a form POST to the token endpoint; only a refusal (4xx) means the credentials are wrong. */
  private async grant(fields: Record<string, string>): Promise<CachedToken> {
    if (fields.grant_type === "refresh_token") this.stats.refreshGrants += 1;
    else this.stats.passwordGrants += 1;
    const data = await this.http.call(tokenResponse, {
      method: "POST",
      path: "",
      form: { ...fields, client_id: this.credentials.clientId, client_secret: this.credentials.clientSecret },
      idempotency: "idempotent",
      operation:
        fields.grant_type === "refresh_token" ? "refresh the OAuth2 token" : "obtain an OAuth2 token",
      resource: `user ${this.credentials.username}`,
      hint: (_fault, status) =>
        status >= 400 && status < 500 && status !== 429
          ? "check the OAuth2 client and user credentials in the stack config (see the README's configuration table)"
          : undefined,
    });
    return this.cache(data);
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
}

const tokenFault = z.object({ error: z.string(), error_description: z.string().optional() });

/**
 * A token endpoint's error (RFC 6749 section 5.2: `error`, `error_description`). A refusal other than
 * "busy" (429) is about the credentials, whatever 4xx the server picked (RFC 6749 says 400 for
 * `invalid_grant`).
 */
function readTokenFault(status: number, body: unknown): VendorFault | undefined {
  if (status >= 200 && status < 300) return undefined;
  const fault = tokenFault.safeParse(body);
  return {
    code: fault.success ? fault.data.error : undefined,
    message: fault.success ? fault.data.error_description : undefined,
    unauthorized: status >= 400 && status < 500 && status !== 429,
  };
}
