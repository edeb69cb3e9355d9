/**
 * The one request layer every vendor client goes through: keep-alive connections, a timeout on every
 * request, bounded polite retries ({@link decideRetry}), a per-vendor concurrency limit, and vendor
 * failures turned into {@link VendorError}s whose text is redacted. Vendor clients only say which
 * method, path and body a call uses, and how the vendor reports an error.
 */
import * as http from "node:http";
import * as https from "node:https";
import axios, { AxiosError, AxiosInstance, AxiosRequestConfig } from "axios";
import pLimit from "p-limit";
import { z } from "zod";

import { ConfigError, ConfigSource, SettingSpec, configNamespace, envVarFor, readSettings } from "./config";
import {
  VendorCallContext,
  VendorConnectionError,
  VendorError,
  VendorInsufficientFundsError,
  VendorName,
  VendorNotFoundError,
  VendorValidationError,
  VendorRateLimitError,
  joinSentences,
  vendorAuthError,
  vendorErrorFromStatus,
} from "./errors";
import { redact } from "./redact";
import { vendorDisplayName } from "../protocol/vendors";
import {
  AttemptOutcome,
  DEFAULT_MAX_RETRY_AFTER_SECONDS,
  Idempotency,
  RetryPolicy,
  UnmetWait,
  decideRetry,
  defaultRetryPolicy,
  describeWait,
  parseRetryAfter,
} from "./retry";

/**
 * The request layer's own settings, shared by every vendor.
 *
 * `maxRetryAfterSeconds` bounds the wait a vendor's Retry-After (on a 429 or a 5xx) is granted. The
 * default, 300 s, covers the per-minute windows rate limiters use, several times over; a vendor asking
 * for longer is enforcing an hourly or daily quota, which waiting inside one `pulumi up` does not serve:
 * the run then fails within minutes, saying how long the vendor asked for, rather than sitting silent
 * until a CI job's timeout kills it mid-write. Each attempt (4 in all) may wait that long.
 */
export const requestSettings = [
  {
    key: "maxRetryAfterSeconds",
    description: "the longest wait a vendor's Retry-After is granted, in whole seconds",
    defaultValue: String(DEFAULT_MAX_RETRY_AFTER_SECONDS),
  },
] as const satisfies readonly SettingSpec[];

/** The retry knobs that come from {@link requestSettings}. Throws a ConfigError naming the key when unusable. */
export function readRequestSettings(source?: ConfigSource): Pick<RetryPolicy, "maxRetryAfterMs"> {
  const { maxRetryAfterSeconds } = readSettings("The request layer", requestSettings, source);
  if (!/^\d+$/.test(maxRetryAfterSeconds.trim())) {
    throw new ConfigError(
      `${configNamespace}:maxRetryAfterSeconds (or ${envVarFor("maxRetryAfterSeconds")}) must be a whole ` +
        `number of seconds, 0 or more, got "${maxRetryAfterSeconds}"`,
    );
  }
  return { maxRetryAfterMs: Number(maxRetryAfterSeconds.trim()) * 1000 };
}

/**
 * What the operator reads when a vendor's Retry-After was not waited for: how long the vendor asked,
 * why this layer did not wait, and what to do (run again later, or raise `maxRetryAfterSeconds`).
 */
export function unmetWaitHint(vendor: VendorName, wait: UnmetWait): string {
  const who = vendorDisplayName(vendor);
  const asked = describeWait(wait.askedMs);
  const key = `${configNamespace}:maxRetryAfterSeconds`;
  switch (wait.reason) {
    case "beyond-bound":
      return (
        `${who} asked to wait ${asked} before another try, longer than the ${describeWait(wait.boundMs)} ` +
        `that ${key} allows: run \`pulumi up\` again after that, or raise the bound with ` +
        `\`pulumi config set ${key} ${Math.ceil(wait.askedMs / 1000)}\` (or the environment variable ` +
        `${envVarFor("maxRetryAfterSeconds")})`
      );
    case "attempts-exhausted":
      return (
        `${who} still asked to wait ${asked} after ${wait.attempts} attempts (each waits as asked, up to ` +
        `${key}, ${describeWait(wait.boundMs)}): run \`pulumi up\` again after that, or with a lower --parallel`
      );
    case "not-repeatable":
      return (
        `${who} asked to wait ${asked} before another try; this write is not sent again automatically, ` +
        "since repeating it is not known to be safe: run `pulumi up` again after that"
      );
  }
}

/** Something that supplies the Authorization header and can be told the header was refused (OAuth2). */
export interface BearerAuth {
  /** The current `Bearer …` header value, fetching or renewing the token when needed. */
  authorization(): Promise<string>;
  /** The vendor answered 401 with this header value: forget the token so the next call gets another. */
  rejected(authorization: string): void;
}

/** What a vendor says went wrong, read from an error body. */
export interface VendorFault {
  code?: string;
  message?: string;
  /** Set when the vendor reports a failure inside an HTTP success (ResellerClub's `status: ERROR`). */
  failed?: boolean;
  /** The vendor says the account cannot pay for it. */
  insufficientFunds?: boolean;
  /** The vendor says the object does not exist, whatever the status (MailUp answers 403 for it). */
  notFound?: boolean;
  /** The vendor refused the request on its merits (MailUp's coded 403s), not for the credentials. */
  refused?: boolean;
  /** The vendor says the credentials are wrong, whatever the status (an OAuth2 token endpoint's 400, MailPartner's code 10). */
  unauthorized?: boolean;
}

/** How one vendor authenticates and reports errors. */
export interface VendorHttpOptions {
  vendor: VendorName;
  baseUrl: string;
  /** Headers sent with every request (Authorization). Their values are registered as secrets by the caller. */
  headers?: Record<string, string>;
  /**
   * Credentials sent as request parameters (ResellerClub's `auth-userid` and `api-key`): in the form body
   * of a form request, else in the query string. The caller registers their values as secrets; URLs are
   * never put in messages.
   */
  authParams?: Record<string, string>;
  /**
   * OAuth2 bearer tokens: the header is fetched before each attempt, and a 401 drops the token and sends
   * the request once more with a new one (a refused token means the vendor did not act on the request).
   */
  bearer?: BearerAuth;
  /** Reads the vendor's error shape from a response body; called for every response. */
  readFault: (status: number, body: unknown) => VendorFault | undefined;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
  /** Overrides of the retry policy; `maxRetryAfterMs` otherwise comes from {@link requestSettings}. */
  retry?: Partial<RetryPolicy>;
  /**
   * Where {@link requestSettings} are read, once, when the client is built (the program's config, for
   * lookups). Default: the provider's stack config, then the environment.
   */
  config?: ConfigSource;
  /** Requests in flight at once for this vendor in this process. Default 8. */
  concurrency?: number;
  /** Which requests share that limit. Default: the vendor's. */
  concurrencyGroup?: string;
  /** Injectable for tests, so backoff does not slow them. */
  sleep?: (ms: number) => Promise<void>;
}

/** One call. */
export interface VendorRequest extends Omit<VendorCallContext, "vendor"> {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  /** Arrays repeat the parameter (`customer-id=1&customer-id=2`), as LogicBoxes expects. */
  query?: Record<string, string | number | boolean | readonly (string | number)[] | undefined>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string | number | boolean | undefined>;
  idempotency: Idempotency;
  /** Extra text for the error, saying what the operator can do. */
  hint?: (fault: VendorFault, status: number) => string | undefined;
}

/** A successful answer. */
export interface VendorResponse<T> {
  status: number;
  data: T;
  /** Attempts made, for tests and benchmarks. */
  attempts: number;
}

const keepAliveHttp = new http.Agent({ keepAlive: true });
const keepAliveHttps = new https.Agent({ keepAlive: true });

// One limiter per vendor (and limit) per process: every resource of a stack shares the provider host
// process, so every client of a vendor built there shares the vendor's limit.
const limiters = new Map<string, ReturnType<typeof pLimit>>();
function limiterFor(group: string, concurrency: number): ReturnType<typeof pLimit> {
  const key = `${group}/${concurrency}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = pLimit(concurrency);
    limiters.set(key, limiter);
  }
  return limiter;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A vendor's HTTP client. Create one per vendor and settings; it holds no state between calls. */
export class VendorHttpClient {
  private readonly axios: AxiosInstance;
  private readonly policy: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly limit: ReturnType<typeof pLimit>;

  constructor(private readonly options: VendorHttpOptions) {
    this.axios = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ""),
      timeout: options.timeoutMs ?? 30_000,
      httpAgent: keepAliveHttp,
      httpsAgent: keepAliveHttps,
      headers: { Accept: "application/json", ...options.headers },
      // Every status comes back as a response; this layer decides what is an error.
      validateStatus: () => true,
      maxRedirects: 0,
      paramsSerializer: { indexes: null },
      // Never let axios build proxy settings from the environment into a request we log.
      proxy: false,
    });
    this.policy = {
      ...defaultRetryPolicy,
      ...(options.retry?.maxRetryAfterMs === undefined ? readRequestSettings(options.config) : {}),
      ...options.retry,
    };
    this.sleep = options.sleep ?? defaultSleep;
    this.limit = limiterFor(options.concurrencyGroup ?? options.vendor, options.concurrency ?? 8);
  }

  /** Sends a request, retrying where {@link decideRetry} allows, and returns the raw answer. */
  async request<T = unknown>(req: VendorRequest): Promise<VendorResponse<T>> {
    return this.limit(() => this.send<T>(req));
  }

  /**
   * Sends a request and checks the success body against the shape the caller expects, so a vendor
   * that changes its answers fails with a message naming the call, not an `undefined` deep in a resource.
   */
  async call<S extends z.ZodType>(schema: S, req: VendorRequest): Promise<z.infer<S>> {
    const res = await this.request(req);
    const parsed = schema.safeParse(res.data);
    if (parsed.success) return parsed.data;
    const detail = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`)
      .join("; ");
    // What came back, by shape only: the field names at the top level (never values, which may be secret).
    const got =
      res.data !== null && typeof res.data === "object" && !Array.isArray(res.data)
        ? `an object with ${Object.keys(res.data).slice(0, 12).join(", ") || "no fields"}`
        : Array.isArray(res.data)
          ? `an array of ${res.data.length}`
          : typeof res.data;
    throw new VendorError({
      vendor: this.options.vendor,
      operation: req.operation,
      resource: req.resource,
      httpStatus: res.status,
      vendorCode: "UnexpectedResponse",
      vendorMessage: redact(`the answer did not have the expected shape (${detail}); it was ${got}`),
    });
  }

  private async send<T>(req: VendorRequest): Promise<VendorResponse<T>> {
    const context: VendorCallContext = {
      vendor: this.options.vendor,
      operation: req.operation,
      resource: req.resource,
    };
    const auth = this.options.authParams ?? {};
    const config: AxiosRequestConfig = {
      method: req.method,
      url: req.path,
      params: req.form !== undefined ? req.query : { ...auth, ...req.query },
    };
    if (req.form !== undefined) {
      config.data = new URLSearchParams([...Object.entries(auth), ...definedEntries(req.form)]).toString();
      config.headers = { "Content-Type": "application/x-www-form-urlencoded" };
    } else if (req.json !== undefined) {
      config.data = req.json;
      config.headers = { "Content-Type": "application/json" };
    }

    let renewedToken = false;
    for (let attempt = 1; ; attempt++) {
      let outcome: AttemptOutcome;
      let failure: (unmetWait: UnmetWait | undefined) => VendorError;
      const authorization = await this.options.bearer?.authorization();
      if (authorization !== undefined) config.headers = { ...config.headers, Authorization: authorization };
      try {
        const response = await this.axios.request<unknown>(config);
        if (response.status === 401 && authorization !== undefined && !renewedToken) {
          this.options.bearer!.rejected(authorization);
          renewedToken = true;
          attempt -= 1; // not a failed attempt: the token expired or was revoked
          continue;
        }
        const fault = this.options.readFault(response.status, response.data);
        const ok = response.status >= 200 && response.status < 300 && !fault?.failed;
        if (ok) return { status: response.status, data: response.data as T, attempts: attempt };
        const retryAfter = headerValue(response.headers["retry-after"]);
        outcome = { kind: "response", status: response.status, retryAfter };
        failure = (unmetWait) =>
          this.errorFromResponse(context, req, response.status, fault, retryAfter, unmetWait);
      } catch (err) {
        const lost = connectionError(context, err, req.idempotency);
        outcome = { kind: "network", notSent: lost.notSent };
        failure = () => lost;
      }
      const decision = decideRetry(attempt, outcome, req.idempotency, this.policy);
      if (!decision.retry) throw failure(decision.unmetWait);
      await this.sleep(decision.delayMs);
    }
  }

  private errorFromResponse(
    context: VendorCallContext,
    req: VendorRequest,
    status: number,
    fault: VendorFault | undefined,
    retryAfter: string | undefined,
    unmetWait: UnmetWait | undefined,
  ): VendorError {
    const hint = joinSentences(
      req.hint?.(fault ?? {}, status),
      unmetWait === undefined ? undefined : unmetWaitHint(context.vendor, unmetWait),
    );
    const details = {
      ...context,
      httpStatus: status,
      vendorCode: fault?.code !== undefined ? redact(fault.code) : undefined,
      vendorMessage: fault?.message !== undefined ? redact(fault.message) : undefined,
      hint: hint === "" ? undefined : hint,
      retryAfterMs: parseRetryAfter(retryAfter),
    };
    if (fault?.unauthorized) return vendorAuthError(details);
    if (fault?.insufficientFunds) return new VendorInsufficientFundsError(details);
    if (fault?.notFound) return new VendorNotFoundError(details);
    if (fault?.refused) return new VendorValidationError(details);
    if (status === 429) {
      return new VendorRateLimitError({
        ...details,
        hint: details.hint ?? "the vendor is rate-limiting this account; run again later or lower --parallel",
      });
    }
    return vendorErrorFromStatus(details);
  }
}

function definedEntries(record: Record<string, string | number | boolean | undefined>): [string, string][] {
  return Object.entries(record)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([k, v]) => [k, String(v)]);
}

export function headerValue(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

// Refused or unresolvable: the request never left this machine, so even a create may be sent again.
/**
 * A request that got no answer, as a VendorConnectionError naming the network error's code. A write that
 * may have reached the vendor says so.
 */
export function connectionError(
  context: VendorCallContext,
  err: unknown,
  idempotency: Idempotency,
): VendorConnectionError {
  const notSent = isNotSent(err);
  return new VendorConnectionError({
    ...context,
    vendorCode: networkCode(err),
    vendorMessage: redact(networkMessage(err)),
    notSent,
    hint:
      idempotency === "non-idempotent" && !notSent
        ? "The request may have been applied before the connection failed"
        : undefined,
  });
}

function isNotSent(err: unknown): boolean {
  const code = networkCode(err);
  return code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
}

function networkCode(err: unknown): string | undefined {
  if (err instanceof AxiosError) return err.code ?? undefined;
  if (err instanceof Error && "code" in err && typeof err.code === "string") return err.code;
  return undefined;
}

// Only the error's own text: an AxiosError also carries the request config (headers, auth) and must
// never be stringified whole.
function networkMessage(err: unknown): string {
  if (err instanceof AxiosError) {
    if (err.code === "ECONNABORTED" || err.code === "ETIMEDOUT") return "the request timed out";
    return err.message || "the connection failed";
  }
  return err instanceof Error ? err.message : String(err);
}
