/**
 * MailUp's OAuth2 token endpoint: the password and refresh_token grants, and the bearer check every
 * Retailer Service call makes. The tokens are the only state, and nothing else reads them, so they are
 * kept here rather than beside the accounts.
 */

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

import { HttpError } from "../core/http";
import { OAuthError } from "./errors";

/** Form fields of `POST /Authorization/OAuth/Token`; absent means not sent. */
export interface TokenRequest {
  grant_type?: string;
  client_id?: string;
  client_secret?: string;
  username?: string;
  password?: string;
  refresh_token?: string;
}

export interface TokenResponse {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  refresh_token: string;
}

/** The one client and the one retailer user the sandbox accepts. */
export interface MailUpCredentials {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

/** Compares digests so that neither the length nor the content of a guess leaks through timing. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}

function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The tokens issued so far; the credentials they are issued against are fixed at start. */
export class MailUpTokens {
  private accessTokens = new Map<string, { username: string; expiresAt: number }>();
  private refreshTokens = new Map<string, string>();

  constructor(
    private readonly credentials: MailUpCredentials,
    private readonly ttlSeconds: number,
  ) {}

  /** Back to none issued. */
  reset(): void {
    this.accessTokens = new Map();
    this.refreshTokens = new Map();
  }

  /** `grant_type=password` or `refresh_token`. The client is checked first, as RFC 6749 orders it. */
  issueToken(request: TokenRequest): TokenResponse {
    const grant = request.grant_type;
    if (grant === undefined || grant === "") {
      throw new OAuthError(400, "invalid_request", "grant_type is required.");
    }
    if (request.client_id === undefined || request.client_secret === undefined) {
      throw new OAuthError(401, "invalid_client", "client_id and client_secret are required.");
    }
    const clientOk =
      sameSecret(request.client_id, this.credentials.clientId) &&
      sameSecret(request.client_secret, this.credentials.clientSecret);
    if (!clientOk) throw new OAuthError(401, "invalid_client", "Invalid client credentials.");

    let username: string;
    if (grant === "password") {
      if (request.username === undefined || request.password === undefined) {
        throw new OAuthError(400, "invalid_request", "username and password are required.");
      }
      const userOk =
        sameSecret(request.username, this.credentials.username) &&
        sameSecret(request.password, this.credentials.password);
      if (!userOk) throw new OAuthError(400, "invalid_grant", "Invalid username or password.");
      username = request.username;
    } else if (grant === "refresh_token") {
      if (request.refresh_token === undefined) {
        throw new OAuthError(400, "invalid_request", "refresh_token is required.");
      }
      const owner = this.refreshTokens.get(request.refresh_token);
      if (owner === undefined) throw new OAuthError(400, "invalid_grant", "Invalid refresh token.");
      username = owner;
    } else {
      throw new OAuthError(400, "unsupported_grant_type", "grant_type must be password or refresh_token.");
    }

    const now = Date.now();
    // Long-running sandboxes would otherwise keep every token ever issued.
    for (const [token, t] of this.accessTokens) if (t.expiresAt <= now) this.accessTokens.delete(token);
    const access = newToken();
    const refresh = newToken();
    this.accessTokens.set(access, { username, expiresAt: now + this.ttlSeconds * 1000 });
    this.refreshTokens.set(refresh, username);
    return {
      access_token: access,
      token_type: "bearer",
      expires_in: this.ttlSeconds,
      refresh_token: refresh,
    };
  }

  /** The ExternalUserId (the token's username) for an `Authorization: Bearer` header; 401 otherwise. */
  authenticate(authorization: string | undefined): string {
    const match = authorization === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match === null) {
      throw new HttpError(401, "Unauthorized", "Authorization has been denied for this request.");
    }
    const token = this.accessTokens.get(match[1]);
    if (token === undefined || token.expiresAt <= Date.now()) {
      throw new HttpError(401, "Unauthorized", "The access token is invalid or has expired.");
    }
    return token.username;
  }

  /** Every issued access token stops working at once; refresh tokens keep working. */
  expireTokens(): number {
    const now = Date.now();
    let n = 0;
    for (const token of this.accessTokens.values()) {
      if (token.expiresAt > now) n += 1;
      token.expiresAt = now;
    }
    return n;
  }

  /** Access tokens still valid (the admin snapshot's count; the tokens themselves are never shown). */
  activeCount(): number {
    return [...this.accessTokens.values()].filter((t) => t.expiresAt > Date.now()).length;
  }
}
