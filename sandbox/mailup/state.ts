import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";

import { HttpError } from "../core/http";
import {
  CONTROL_PANEL_DOMAIN,
  FIRST_ACCOUNT_ID,
  FIRST_ACTIVATION_ID,
  ISO_639_1_CODES,
  type MailUpPack,
  type MailUpProfile,
  type MailUpProfileSeed,
  SEED_PROFILES,
  TRIAL_VALIDITY_DAYS,
} from "./seed";

export type { MailUpPack, MailUpProfile } from "./seed";

export const DEFAULT_PAGE_SIZE = 20;

/**
 * A failure the docs report as a `{"Code","Description"}` result (activation validation, packs) rather
 * than as the MailUp error body. The router renders it with its own HTTP status.
 */
export class MailUpResultError extends HttpError {
  constructor(
    status: number,
    readonly resultCode: number,
    description: string,
  ) {
    super(status, status === 400 ? "BadRequest" : "Forbidden", description);
  }
}

/** A token-endpoint failure: rendered as RFC 6749's `{"error","error_description"}`, `code` being `error`. */
export class OAuthError extends HttpError {}

/** `{"IsPaginated","Items","PageNumber","PageSize","Skipped","TotalElementsCount"}`, as in the docs' lists. */
export interface MailUpPage<T> {
  IsPaginated: boolean;
  Items: T[];
  PageNumber: number;
  PageSize: number;
  Skipped: number;
  TotalElementsCount: number;
}

/** Query parameters as received; absent means not sent. */
export interface PageRequest {
  PageSize?: string;
  PageNumber?: string;
}

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

export interface ActivationStarted {
  Code: 0;
  Description: "Ok";
  IdActivation: number;
  Hash: string;
  ControlPanelDomain: string;
  ImageTrackingDomain: string;
  LinkTrackingDomain: string;
}

/**
 * `GET Account/Activation/{id}/Status` ("Get retailer's customer account profile activation status"):
 * Processing (1, HTTP 201, `IdAccount` 0) while polls remain, then Ok (0, HTTP 200) with the account.
 * A failed activation is not an answer but a 403 with Code 2 (see activationStatus).
 */
export type ActivationStatus =
  { Code: 0; Description: "Ok"; IdAccount: number } | { Code: 1; Description: "Processing"; IdAccount: 0 };

/**
 * `GET Account/{id}/Status` ("Get retailer's customer account status"): the documented fields only, no
 * address, domains or names. Every pack the profile allows is listed, at 0 when the account has none.
 */
export interface AccountStatusAnswer {
  Code: 0 | 1;
  Description: "Enabled" | "Disabled";
  ActivePacks: { CurrentQuantity: number; Id: number; Quantity: number }[];
  Credits: number;
  IdAccount: number;
  IdProfile: number;
  ValidFrom: string;
  ValidTo: string;
}

export interface ActivePack {
  IdPack: number;
  Name: string;
  /** The algebraic sum of every addition and removal so far. */
  Quantity: number;
  /** Packs in use now: additions count at once, removals only after the month end. */
  CurrentQuantity: number;
}

/** `PUT Account/{id}?Enable=` answer. */
export interface AccountStatus {
  Code: 0 | 1;
  Description: "Active" | "Deactivated";
  ValidFrom: string;
  ValidTo: string;
}

export interface AccountView extends AccountStatus {
  IdAccount: number;
  IdProfile: number;
  ProfileName: string;
  Language: string;
  Email: string;
  CustomDomain: string;
  CustomSubdomain: string;
  ServiceName: string;
  ServiceUrl: string;
  ServiceLogoutUrl: string;
  ControlPanelDomain: string;
  LinkTrackingDomain: string;
  ImageTrackingDomain: string;
  ActivePacks: ActivePack[];
}

export interface PackResult {
  Code: 0;
  Description: "Ok";
}

export interface MailUpSnapshot {
  profiles: (MailUpProfile & { Trial: boolean; Packs: MailUpPack[]; Languages: string[] })[];
  accounts: (AccountView & {
    ExternalUserId: string;
    PendingProfileChange: { IdProfile: number; Calls: number } | null;
  })[];
  activations: {
    IdActivation: number;
    ExternalUserId: string;
    IdProfile: number;
    Language: string;
    Polls: number;
    Status: ActivationStatus | { Code: 1; Description: "Processing" } | { Code: 2; Description: "Error" };
  }[];
  /** Hostname → who holds it (`activation 9054`, `account 150001`, `reserved by the sandbox admin`). */
  reservedDomains: Record<string, string>;
  /** Access tokens still valid; the tokens themselves are never shown. */
  activeTokens: number;
}

export interface MailUpStateOptions {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  /** Status polls answering Processing before an activation ends; profile-change PUTs answering 202. */
  activationPolls: number;
  tokenTtlSeconds: number;
}

interface Domains {
  controlPanel: string;
  custom: string;
  link: string;
  image: string;
}

interface ServiceFields {
  email: string;
  customDomain: string;
  customSubdomain: string;
  serviceName: string;
  serviceUrl: string;
  serviceLogoutUrl: string;
}

interface ActivationRecord extends ServiceFields {
  id: number;
  externalUserId: string;
  profileId: number;
  language: string;
  domains: Domains;
  polls: number;
  outcome?: { code: 0; accountId: number } | { code: 2 };
}

interface PackHolding {
  quantity: number;
  currentQuantity: number;
}

interface AccountRecord extends ServiceFields {
  id: number;
  externalUserId: string;
  profileId: number;
  language: string;
  domains: Domains;
  enabled: boolean;
  validFrom: Date;
  validTo: Date;
  packs: Map<number, PackHolding>;
  profileChange?: { target: number; calls: number };
}

const WORK_MODES = ["incremental", "absolute"] as const;
type WorkMode = (typeof WORK_MODES)[number];

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const LABEL_PATTERN = new RegExp(`^${LABEL}$`, "i");
const HOST = `(?:${LABEL}\\.)+[a-z]{2,63}`;
const HOST_PATTERN = new RegExp(`^${HOST}$`, "i");
const EMAIL_PATTERN = new RegExp(`^[^\\s@]+@${HOST}$`, "i");
/** The docs' samples give service URLs without a scheme (`www.power-email-marketing.it/info`). */
const URL_PATTERN = new RegExp(`^(?:https?://)?${HOST}(?::\\d{1,5})?(?:[/?#]\\S*)?$`, "i");

const NO_PROFILE = "You cannot access to provided profile.";
const NO_ACCOUNT = "You cannot access to provided account.";
const NO_ACTIVATION = "You cannot access to provided activation.";

function forbidden(message: string): HttpError {
  return new HttpError(403, "Forbidden", message);
}

function activationFailure(code: number, description: string): MailUpResultError {
  return new MailUpResultError(403, code, description);
}

function packFailure(code: 1 | 2 | 3 | 4): MailUpResultError {
  const descriptions = {
    1: "Quantity limits exceeded",
    2: "Profile rules error",
    3: "Invalid quantity",
    4: "Invalid workmode",
  } as const;
  return new MailUpResultError(403, code, descriptions[code]);
}

/** Compares digests so that neither the length nor the content of a guess leaks through timing. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}

function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Ids in URLs: anything but a plain positive integer cannot name a resource, so it gets the same 403. */
/** MailUp's dates: "2015-10-14 22:00:00Z" (a space, no milliseconds). */
export function mailupDate(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

function idFrom(value: string, message: string): number {
  if (!/^\d{1,15}$/.test(value)) throw forbidden(message);
  return Number(value);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value.trim() : undefined;
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

function addYear(date: Date): Date {
  const d = new Date(date.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d;
}

function pageNumberFrom(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value) || Number(value) < min) {
    throw new HttpError(400, "BadRequest", `${name} must be an integer >= ${min}.`);
  }
  return Number(value);
}

/** The docs' paging: 0-based PageNumber, PageSize 20 unless given; IsPaginated says whether it was. */
export function paginate<T>(items: readonly T[], request: PageRequest = {}): MailUpPage<T> {
  const size = pageNumberFrom("PageSize", request.PageSize, 1);
  const number = pageNumberFrom("PageNumber", request.PageNumber, 0) ?? 0;
  const pageSize = size ?? DEFAULT_PAGE_SIZE;
  const skipped = pageSize * number;
  return {
    IsPaginated: size !== undefined,
    Items: items.slice(skipped, skipped + pageSize),
    PageNumber: number,
    PageSize: pageSize,
    Skipped: skipped,
    TotalElementsCount: items.length,
  };
}

/**
 * The retailer behind the sandbox's MailUp Retailer Service. Every rule the API enforces lives here, so
 * that tests which set state up in-process go through the same checks as HTTP clients.
 */
export class MailUpState {
  readonly activationPolls: number;
  readonly tokenTtlSeconds: number;
  private readonly options: MailUpStateOptions;
  private readonly profiles: readonly MailUpProfileSeed[] = SEED_PROFILES;
  private accessTokens = new Map<string, { username: string; expiresAt: number }>();
  private refreshTokens = new Map<string, string>();
  private activations = new Map<number, ActivationRecord>();
  private accounts = new Map<number, AccountRecord>();
  /** Lower-case hostname → holder, shared by every account and pending activation. */
  private domains = new Map<string, string>();
  /** ExternalUserIds that have had a Trial account; deleting or switching it does not give another. */
  private trialUsers = new Set<string>();
  private nextActivationId = FIRST_ACTIVATION_ID;
  private nextAccountId = FIRST_ACCOUNT_ID;

  constructor(options: MailUpStateOptions) {
    for (const [name, value] of [
      ["activationPolls", options.activationPolls],
      ["tokenTtlSeconds", options.tokenTtlSeconds],
    ] as const) {
      if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be an integer >= 0.`);
    }
    this.options = { ...options };
    this.activationPolls = options.activationPolls;
    this.tokenTtlSeconds = options.tokenTtlSeconds;
    this.reset();
  }

  /** Back to the seed: no tokens, activations, accounts or reserved domains; ids count from the start. */
  reset(): void {
    this.accessTokens = new Map();
    this.refreshTokens = new Map();
    this.activations = new Map();
    this.accounts = new Map();
    this.domains = new Map();
    this.trialUsers = new Set();
    this.nextActivationId = FIRST_ACTIVATION_ID;
    this.nextAccountId = FIRST_ACCOUNT_ID;
  }

  // ---- OAuth2 ---------------------------------------------------------------------------------------

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
      sameSecret(request.client_id, this.options.clientId) &&
      sameSecret(request.client_secret, this.options.clientSecret);
    if (!clientOk) throw new OAuthError(401, "invalid_client", "Invalid client credentials.");

    let username: string;
    if (grant === "password") {
      if (request.username === undefined || request.password === undefined) {
        throw new OAuthError(400, "invalid_request", "username and password are required.");
      }
      const userOk =
        sameSecret(request.username, this.options.username) &&
        sameSecret(request.password, this.options.password);
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
    this.accessTokens.set(access, { username, expiresAt: now + this.tokenTtlSeconds * 1000 });
    this.refreshTokens.set(refresh, username);
    return {
      access_token: access,
      token_type: "bearer",
      expires_in: this.tokenTtlSeconds,
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

  // ---- Management ------------------------------------------------------------------------------------

  listProfiles(page?: PageRequest): MailUpPage<MailUpProfile> {
    return paginate(
      this.profiles.map((p) => ({ ...p.profile })),
      page,
    );
  }

  listPacks(idProfile: string, page?: PageRequest): MailUpPage<MailUpPack> {
    return paginate(
      this.profileSeed(idProfile).packs.map((p) => ({ ...p })),
      page,
    );
  }

  listLanguages(idProfile: string, page?: PageRequest): MailUpPage<string> {
    return paginate(this.profileSeed(idProfile).languages, page);
  }

  // ---- Activation ------------------------------------------------------------------------------------

  /**
   * Checks in the docs' order, each failing with its code; nothing is reserved on failure. On success the
   * domains are reserved at once, so a second activation for the same names fails even while this one is
   * still processing.
   */
  activate(
    externalUserId: string,
    idProfile: string,
    lang: string,
    body: Record<string, unknown>,
  ): ActivationStarted {
    const language = lang.toUpperCase();
    if (!ISO_639_1_CODES.has(language)) throw new HttpError(400, "BadRequest", "Invalid language.");
    const seed = this.profileSeed(idProfile);
    const profileId = seed.profile.Id;
    if (!seed.languages.includes(language)) {
      throw activationFailure(3, `Language '${lang}' is not available for profile ${profileId}.`);
    }
    const ip = text(body.IpAddress);
    if (ip === undefined || isIP(ip) === 0) {
      throw activationFailure(4, "IpAddress cannot be null, empty or invalid.");
    }
    const email = text(body.Email);
    if (email === undefined || !EMAIL_PATTERN.test(email)) {
      throw activationFailure(5, "Email cannot be null, empty or invalid.");
    }
    const customDomain = text(body.CustomDomain)?.toLowerCase();
    const customSubdomain = text(body.CustomSubdomain)?.toLowerCase();
    if (
      customDomain === undefined ||
      customSubdomain === undefined ||
      !HOST_PATTERN.test(customDomain) ||
      !LABEL_PATTERN.test(customSubdomain)
    ) {
      throw activationFailure(6, "Domains cannot be null, empty or invalid.");
    }
    const domains: Domains = {
      controlPanel: `${customSubdomain}.${CONTROL_PANEL_DOMAIN}`,
      custom: `${customSubdomain}.${customDomain}`,
      link: `${customSubdomain}.t.${customDomain}`,
      image: `img.${customSubdomain}.t.${customDomain}`,
    };
    if (this.domains.has(domains.controlPanel) || this.domains.has(domains.custom)) {
      throw activationFailure(7, "Custom domain not available.");
    }
    if (this.domains.has(domains.link)) throw activationFailure(8, "Link tracking domain not available");
    if (this.domains.has(domains.image)) throw activationFailure(9, "Image tracking domain not available");
    const serviceName = text(body.ServiceName);
    if (serviceName === undefined || serviceName === "") {
      throw activationFailure(10, "Service name cannot be null, empty or invalid.");
    }
    const serviceUrl = text(body.ServiceUrl);
    if (serviceUrl === undefined || !URL_PATTERN.test(serviceUrl)) {
      throw activationFailure(11, "Service url cannot be null, empty or invalid.");
    }
    const serviceLogoutUrl = text(body.ServiceLogoutUrl);
    if (serviceLogoutUrl === undefined || !URL_PATTERN.test(serviceLogoutUrl)) {
      throw activationFailure(12, "Service logout url cannot be null, empty or invalid.");
    }

    const id = this.nextActivationId++;
    this.reserve(domains, `activation ${id}`);
    this.activations.set(id, {
      id,
      externalUserId,
      profileId,
      language,
      domains,
      polls: 0,
      email,
      customDomain,
      customSubdomain,
      serviceName,
      serviceUrl,
      serviceLogoutUrl,
    });
    // The real service activates on its own, polled or not; with no Processing polls to answer, the
    // account exists as soon as the activation starts (a client that lost this answer finds it there).
    if (this.activationPolls === 0) this.finish(this.activations.get(id)!);
    return {
      Code: 0,
      Description: "Ok",
      IdActivation: id,
      Hash: randomUUID(),
      ControlPanelDomain: domains.controlPanel,
      ImageTrackingDomain: domains.image,
      LinkTrackingDomain: domains.link,
    };
  }

  /**
   * Each call is one poll: the first `activationPolls` answer Processing, the next one decides. The
   * one-Trial rule is applied then, so of two pending Trial activations the first to finish wins.
   */
  activationStatus(externalUserId: string, idActivation: string): ActivationStatus {
    // The docs' error table: "id_Activation is not a number" is 400 "Invalid activation.".
    if (!/^\d{1,15}$/.test(idActivation)) throw new HttpError(400, "BadRequest", "Invalid activation.");
    const id = Number(idActivation);
    const activation = this.activations.get(id);
    if (activation === undefined || activation.externalUserId !== externalUserId) {
      throw forbidden(NO_ACTIVATION);
    }
    if (activation.outcome === undefined) {
      activation.polls += 1;
      if (activation.polls <= this.activationPolls) {
        return { Code: 1, Description: "Processing", IdAccount: 0 };
      }
      this.finish(activation);
    }
    if (activation.outcome?.code === 2) throw activationFailure(2, "Error");
    return this.statusOf(activation);
  }

  // ---- Accounts --------------------------------------------------------------------------------------

  /** `GET Account/{id}/Status`: the documented account status body. */
  accountStatus(externalUserId: string, idAccount: string): AccountStatusAnswer {
    const a = this.account(externalUserId, idAccount);
    const seed = this.profileSeedById(a.profileId);
    const packIds = [...new Set([...seed.packs.map((p) => p.Id), ...a.packs.keys()])].sort((x, y) => x - y);
    const activePacks = packIds.map((id) => {
      const held = a.packs.get(id);
      return { CurrentQuantity: held?.currentQuantity ?? 0, Id: id, Quantity: held?.quantity ?? 0 };
    });
    return {
      Code: a.enabled ? 0 : 1,
      // "Enabled" is documented; the disabled word is assumed.
      Description: a.enabled ? "Enabled" : "Disabled",
      ActivePacks: activePacks,
      Credits: this.credits(activePacks),
      IdAccount: a.id,
      IdProfile: a.profileId,
      ValidFrom: mailupDate(a.validFrom),
      ValidTo: mailupDate(a.validTo),
    };
  }

  /**
   * Asynchronous like the real service: the first call starts the switch, `activationPolls` calls answer
   * 202, the next one applies it (200). A call for another profile while one is pending starts over.
   * MailUp's page (help.mailup.com diffpages 36350302→36350762, 36348981→36349130): "If an error occurred
   * it returns 500 Internal Server Error". The sandbox's one failing switch is to a profile the retailer
   * does not have (assumed); nothing changes then. An unknown account is 403, as on every account call.
   */
  changeProfile(externalUserId: string, idAccount: string, idProfile: string): 200 | 202 {
    const account = this.account(externalUserId, idAccount);
    const target = /^\d{1,15}$/.test(idProfile)
      ? this.profiles.find((p) => p.profile.Id === Number(idProfile))
      : undefined;
    if (target === undefined) {
      throw new HttpError(
        500,
        "InternalServerError",
        `The profile change of account ${account.id} to profile ${idProfile} failed.`,
      );
    }
    if (account.profileChange !== undefined && account.profileChange.target !== target.profile.Id) {
      account.profileChange = undefined;
    }
    if (account.profileChange === undefined) {
      if (account.profileId === target.profile.Id) return 200;
      account.profileChange = { target: target.profile.Id, calls: 0 };
    }
    account.profileChange.calls += 1;
    if (account.profileChange.calls <= this.activationPolls) return 202;

    account.profileChange = undefined;
    account.profileId = target.profile.Id;
    for (const packId of account.packs.keys()) {
      if (!target.packs.some((p) => p.Id === packId)) account.packs.delete(packId);
    }
    account.validTo = this.validUntil(target, new Date());
    return 200;
  }

  /** `Enable` absent means true, as the docs' enable URL may omit it. */
  setEnabled(externalUserId: string, idAccount: string, enable: string | undefined): AccountStatus {
    const account = this.account(externalUserId, idAccount);
    const value = enable?.toLowerCase();
    if (value !== undefined && value !== "true" && value !== "false") {
      throw new HttpError(400, "BadRequest", "Enable must be true or false.");
    }
    account.enabled = value !== "false";
    return this.statusOfAccount(account);
  }

  /** Removes the account and frees its domains; the ExternalUserId still counts as having had a Trial. */
  deleteAccount(externalUserId: string, idAccount: string): void {
    const account = this.account(externalUserId, idAccount);
    this.accounts.delete(account.id);
    this.release(account.domains);
  }

  /**
   * MailUp's pack section (help.mailup.com diffpages 36348981→36349130): a non-numeric `id_Pack` is the
   * REST error 400 "Invalid pack."; Code 3 is only an absolute quantity below 0; Code 2 is a profile rule
   * (the page's example: a pack related to SMS cannot be removed), which the sandbox answers for a pack the
   * account's profile does not offer (assumed: the page does not say). A quantity that is not a whole
   * number cannot be bound to the call (400, assumed). Then Codes 4, 3, 2, 1, in that order (ours).
   * `Quantity` takes the new total at once; `CurrentQuantity` follows an increase at once but a decrease
   * only at the month end. A total of 0 is "no pack" and always allowed; adding 0 changes nothing.
   */
  setPack(
    externalUserId: string,
    idAccount: string,
    idPack: string,
    body: Record<string, unknown>,
  ): PackResult {
    if (!/^\d{1,15}$/.test(idPack)) throw new HttpError(400, "BadRequest", "Invalid pack.");
    const account = this.account(externalUserId, idAccount);
    const raw = body.Quantity;
    // Form bodies carry numbers as strings.
    const quantity = typeof raw === "string" && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
    if (typeof quantity !== "number" || !Number.isSafeInteger(quantity)) {
      throw new HttpError(400, "BadRequest", "Quantity must be a whole number.");
    }
    const modeText = typeof body.WorkMode === "string" ? body.WorkMode.toLowerCase() : undefined;
    const mode: WorkMode | undefined = WORK_MODES.find((m) => m === modeText);
    if (mode === undefined) throw packFailure(4);
    if (mode === "absolute" && quantity < 0) throw packFailure(3);
    const pack = this.profileSeedById(account.profileId).packs.find((p) => p.Id === Number(idPack));
    if (pack === undefined) throw packFailure(2);
    const holding = account.packs.get(pack.Id) ?? { quantity: 0, currentQuantity: 0 };
    const total = mode === "absolute" ? quantity : holding.quantity + quantity;
    if (total !== 0 && (total < pack.Min || total > pack.Max)) throw packFailure(1);

    holding.quantity = total;
    holding.currentQuantity = Math.max(holding.currentQuantity, total);
    if (holding.quantity === 0 && holding.currentQuantity === 0) account.packs.delete(pack.Id);
    else account.packs.set(pack.Id, holding);
    return { Code: 0, Description: "Ok" };
  }

  /**
   * A pack quantity changed in the MailUp console (admin API, for drift): sets `Quantity` and
   * `CurrentQuantity` at once, as a console change does, within the pack's Min/Max.
   */
  setPackFromConsole(idAccount: string, idPack: string, quantity: number): PackResult {
    const account = this.accounts.get(idFrom(idAccount, NO_ACCOUNT));
    if (account === undefined) throw forbidden(NO_ACCOUNT);
    const result = this.setPack(account.externalUserId, idAccount, idPack, {
      WorkMode: "absolute",
      Quantity: quantity,
    });
    const holding = account.packs.get(Number(idPack));
    if (holding) holding.currentQuantity = holding.quantity;
    return result;
  }

  /** Applies pending removals: CurrentQuantity := Quantity; packs down to 0 disappear. */
  monthEnd(): number {
    let changed = 0;
    for (const account of this.accounts.values()) {
      for (const [packId, holding] of account.packs) {
        if (holding.currentQuantity !== holding.quantity) changed += 1;
        holding.currentQuantity = holding.quantity;
        if (holding.quantity === 0) account.packs.delete(packId);
      }
    }
    return changed;
  }

  /**
   * Marks a hostname as taken outside the sandbox (another retailer, say), so clients can meet the docs'
   * codes 7-9 without crafting colliding accounts.
   */
  reserveDomain(hostname: string): void {
    const host = hostname.trim().toLowerCase();
    if (!HOST_PATTERN.test(host)) throw new HttpError(400, "BadRequest", "domain must be a hostname.");
    if (!this.domains.has(host)) this.domains.set(host, "reserved by the sandbox admin");
  }

  snapshot(): MailUpSnapshot {
    return {
      profiles: this.profiles.map((p) => ({
        ...p.profile,
        Trial: p.trial,
        Packs: p.packs.map((k) => ({ ...k })),
        Languages: [...p.languages],
      })),
      accounts: [...this.accounts.values()].map((a) => ({
        ...this.viewAccount(a),
        ExternalUserId: a.externalUserId,
        PendingProfileChange:
          a.profileChange === undefined
            ? null
            : { IdProfile: a.profileChange.target, Calls: a.profileChange.calls },
      })),
      activations: [...this.activations.values()].map((a) => ({
        IdActivation: a.id,
        ExternalUserId: a.externalUserId,
        IdProfile: a.profileId,
        Language: a.language,
        Polls: a.polls,
        Status:
          a.outcome === undefined
            ? { Code: 1, Description: "Processing" }
            : a.outcome.code === 2
              ? { Code: 2, Description: "Error" }
              : this.statusOf(a),
      })),
      reservedDomains: Object.fromEntries(this.domains),
      activeTokens: [...this.accessTokens.values()].filter((t) => t.expiresAt > Date.now()).length,
    };
  }

  /** The ledger: every account (billable) with its profile and the packs it holds. */
  ledger(): {
    accounts: { id: number; profile: string; email: string; domain: string; enabled: boolean }[];
    packs: { accountId: number; packId: number; name: string; quantity: number; currentQuantity: number }[];
  } {
    const accounts = [...this.accounts.values()].map((a) => this.viewAccount(a));
    return {
      accounts: accounts.map((a) => ({
        id: a.IdAccount,
        profile: a.ProfileName,
        email: a.Email,
        domain: `${a.CustomSubdomain}.${a.CustomDomain}`,
        enabled: a.Code === 0,
      })),
      packs: accounts.flatMap((a) =>
        a.ActivePacks.map((p) => ({
          accountId: a.IdAccount,
          packId: p.IdPack,
          name: p.Name,
          quantity: p.Quantity,
          currentQuantity: p.CurrentQuantity,
        })),
      ),
    };
  }

  // ---- internals -------------------------------------------------------------------------------------

  private profileSeed(idProfile: string): MailUpProfileSeed {
    return this.profileSeedById(idFrom(idProfile, NO_PROFILE));
  }

  private profileSeedById(id: number): MailUpProfileSeed {
    const seed = this.profiles.find((p) => p.profile.Id === id);
    if (seed === undefined) throw forbidden(NO_PROFILE);
    return seed;
  }

  private account(externalUserId: string, idAccount: string): AccountRecord {
    const account = this.accounts.get(idFrom(idAccount, NO_ACCOUNT));
    if (account === undefined || account.externalUserId !== externalUserId) throw forbidden(NO_ACCOUNT);
    return account;
  }

  private validUntil(seed: MailUpProfileSeed, from: Date): Date {
    return seed.trial ? addDays(from, TRIAL_VALIDITY_DAYS) : addYear(from);
  }

  private finish(activation: ActivationRecord): void {
    const seed = this.profileSeedById(activation.profileId);
    if (seed.trial && this.trialUsers.has(activation.externalUserId)) {
      activation.outcome = { code: 2 };
      this.release(activation.domains);
      return;
    }
    if (seed.trial) this.trialUsers.add(activation.externalUserId);
    const id = this.nextAccountId++;
    const now = new Date();
    this.accounts.set(id, {
      id,
      externalUserId: activation.externalUserId,
      profileId: activation.profileId,
      language: activation.language,
      domains: activation.domains,
      enabled: true,
      validFrom: now,
      validTo: this.validUntil(seed, now),
      packs: new Map(),
      email: activation.email,
      customDomain: activation.customDomain,
      customSubdomain: activation.customSubdomain,
      serviceName: activation.serviceName,
      serviceUrl: activation.serviceUrl,
      serviceLogoutUrl: activation.serviceLogoutUrl,
    });
    this.reserve(activation.domains, `account ${id}`);
    activation.outcome = { code: 0, accountId: id };
  }

  private statusOf(activation: ActivationRecord): ActivationStatus {
    return activation.outcome?.code === 0
      ? { Code: 0, Description: "Ok", IdAccount: activation.outcome.accountId }
      : { Code: 1, Description: "Processing", IdAccount: 0 };
  }

  /** Credits on the console: 300 a `Crediti300` pack in use, and so on (assumed; the docs show 300). */
  private credits(packs: { Id: number; CurrentQuantity: number }[]): number {
    const names = new Map(this.profiles.flatMap((p) => p.packs).map((p) => [p.Id, p.Name]));
    return packs.reduce((sum, p) => {
      const per = /^Crediti(\d+)$/.exec(names.get(p.Id) ?? "");
      return sum + (per ? Number(per[1]) * p.CurrentQuantity : 0);
    }, 0);
  }

  private reserve(domains: Domains, holder: string): void {
    for (const host of Object.values(domains)) this.domains.set(host, holder);
  }

  private release(domains: Domains): void {
    for (const host of Object.values(domains)) this.domains.delete(host);
  }

  private statusOfAccount(a: AccountRecord): AccountStatus {
    return {
      Code: a.enabled ? 0 : 1,
      Description: a.enabled ? "Active" : "Deactivated",
      ValidFrom: mailupDate(a.validFrom),
      ValidTo: mailupDate(a.validTo),
    };
  }

  private viewAccount(a: AccountRecord): AccountView {
    const seed = this.profileSeedById(a.profileId);
    const catalogue = new Map(this.profiles.flatMap((p) => p.packs).map((p) => [p.Id, p.Name]));
    return {
      IdAccount: a.id,
      IdProfile: a.profileId,
      ProfileName: seed.profile.Name,
      Language: a.language,
      Email: a.email,
      CustomDomain: a.customDomain,
      CustomSubdomain: a.customSubdomain,
      ServiceName: a.serviceName,
      ServiceUrl: a.serviceUrl,
      ServiceLogoutUrl: a.serviceLogoutUrl,
      ControlPanelDomain: a.domains.controlPanel,
      LinkTrackingDomain: a.domains.link,
      ImageTrackingDomain: a.domains.image,
      ...this.statusOfAccount(a),
      ActivePacks: [...a.packs.entries()]
        .sort(([x], [y]) => x - y)
        .map(([id, h]) => ({
          IdPack: id,
          Name: catalogue.get(id) ?? String(id),
          Quantity: h.quantity,
          CurrentQuantity: h.currentQuantity,
        })),
    };
  }
}
