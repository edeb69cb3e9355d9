import { randomUUID } from "node:crypto";

import {
  type AccountRecord,
  type AccountStatus,
  type AccountStatusAnswer,
  type AccountView,
  accountStatusAnswer,
  enableFrom,
  openAccount,
  statusOfAccount,
  switchProfile,
  viewAccount,
} from "./accounts";
import {
  type ActivationRecord,
  type ActivationStarted,
  type ActivationStatus,
  activationFailure,
  activationIdFrom,
  activationStarted,
  readActivation,
  statusOf,
} from "./activation";
import {
  type CatalogueProfile,
  type MailUpPage,
  type PageRequest,
  catalogueProfiles,
  languagesPage,
  packsPage,
  profileSeedById,
  profilesPage,
} from "./catalogue";
import { DomainRegistry } from "./domains";
import { NO_ACCOUNT, NO_ACTIVATION, forbidden, idFrom } from "./errors";
import { type MailUpCredentials, MailUpTokens, type TokenRequest, type TokenResponse } from "./oauth";
import { type PackResult, monthEnd, packIdFrom, setPack, setPackFromConsole } from "./packs";
import { FIRST_ACCOUNT_ID, FIRST_ACTIVATION_ID, type MailUpPack, type MailUpProfile } from "./seed";

export type { MailUpPack, MailUpProfile } from "./seed";

export interface MailUpSnapshot {
  profiles: CatalogueProfile[];
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

export interface MailUpStateOptions extends MailUpCredentials {
  /** Status polls answering Processing before an activation ends; profile-change PUTs answering 202. */
  activationPolls: number;
  tokenTtlSeconds: number;
}

/**
 * The retailer behind the sandbox's MailUp Retailer Service. Every rule the API enforces is reached
 * through here, so that tests which set state up in-process go through the same checks as HTTP clients.
 * This class keeps the records and the activation's course from start to account; each subject's rules
 * are in its module: oauth.ts, catalogue.ts, activation.ts, domains.ts, accounts.ts, packs.ts.
 */
export class MailUpState {
  readonly activationPolls: number;
  readonly tokenTtlSeconds: number;
  private readonly tokens: MailUpTokens;
  private activations = new Map<number, ActivationRecord>();
  private accounts = new Map<number, AccountRecord>();
  /** Shared by every account and pending activation. */
  private readonly domains = new DomainRegistry();
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
    this.activationPolls = options.activationPolls;
    this.tokenTtlSeconds = options.tokenTtlSeconds;
    this.tokens = new MailUpTokens({ ...options }, options.tokenTtlSeconds);
    this.reset();
  }

  /** Back to the seed: no tokens, activations, accounts or reserved domains; ids count from the start. */
  reset(): void {
    this.tokens.reset();
    this.activations = new Map();
    this.accounts = new Map();
    this.domains.clear();
    this.trialUsers = new Set();
    this.nextActivationId = FIRST_ACTIVATION_ID;
    this.nextAccountId = FIRST_ACCOUNT_ID;
  }

  // ---- OAuth2 (oauth.ts) -----------------------------------------------------------------------------

  issueToken(request: TokenRequest): TokenResponse {
    return this.tokens.issueToken(request);
  }

  /** The ExternalUserId (the token's username) for an `Authorization: Bearer` header; 401 otherwise. */
  authenticate(authorization: string | undefined): string {
    return this.tokens.authenticate(authorization);
  }

  /** Every issued access token stops working at once; refresh tokens keep working. */
  expireTokens(): number {
    return this.tokens.expireTokens();
  }

  // ---- Management (catalogue.ts) ---------------------------------------------------------------------

  listProfiles(page?: PageRequest): MailUpPage<MailUpProfile> {
    return profilesPage(page);
  }

  listPacks(idProfile: string, page?: PageRequest): MailUpPage<MailUpPack> {
    return packsPage(idProfile, page);
  }

  listLanguages(idProfile: string, page?: PageRequest): MailUpPage<string> {
    return languagesPage(idProfile, page);
  }

  // ---- Activation (activation.ts) --------------------------------------------------------------------

  /**
   * Nothing is reserved on failure. On success the domains are reserved at once, so a second activation
   * for the same names fails even while this one is still processing.
   */
  activate(
    externalUserId: string,
    idProfile: string,
    lang: string,
    body: Record<string, unknown>,
  ): ActivationStarted {
    const { seed, ...request } = readActivation(idProfile, lang, body, (host) => this.domains.has(host));
    const id = this.nextActivationId++;
    const activation: ActivationRecord = {
      ...request,
      id,
      externalUserId,
      profileId: seed.profile.Id,
      polls: 0,
    };
    this.domains.reserve(activation.domains, `activation ${id}`);
    this.activations.set(id, activation);
    // The real service activates on its own, polled or not; with no Processing polls to answer, the
    // account exists as soon as the activation starts (a client that lost this answer finds it there).
    if (this.activationPolls === 0) this.finish(activation);
    return activationStarted(activation, randomUUID());
  }

  /**
   * Each call is one poll: the first `activationPolls` answer Processing, the next one decides. The
   * one-Trial rule is applied then, so of two pending Trial activations the first to finish wins.
   */
  activationStatus(externalUserId: string, idActivation: string): ActivationStatus {
    const activation = this.activations.get(activationIdFrom(idActivation));
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
    return statusOf(activation);
  }

  // ---- Accounts (accounts.ts) and packs (packs.ts) -------------------------------------------------

  accountStatus(externalUserId: string, idAccount: string): AccountStatusAnswer {
    return accountStatusAnswer(this.account(externalUserId, idAccount));
  }

  /** An unknown account is 403, as on every account call; then switchProfile's rules. */
  changeProfile(externalUserId: string, idAccount: string, idProfile: string): 200 | 202 {
    return switchProfile(this.account(externalUserId, idAccount), idProfile, this.activationPolls);
  }

  setEnabled(externalUserId: string, idAccount: string, enable: string | undefined): AccountStatus {
    const account = this.account(externalUserId, idAccount);
    account.enabled = enableFrom(enable);
    return statusOfAccount(account);
  }

  /** Removes the account and frees its domains; the ExternalUserId still counts as having had a Trial. */
  deleteAccount(externalUserId: string, idAccount: string): void {
    const account = this.account(externalUserId, idAccount);
    this.accounts.delete(account.id);
    this.domains.release(account.domains);
  }

  setPack(
    externalUserId: string,
    idAccount: string,
    idPack: string,
    body: Record<string, unknown>,
  ): PackResult {
    const packId = packIdFrom(idPack);
    return setPack(this.account(externalUserId, idAccount), packId, body);
  }

  /** The console's change (admin API): any retailer's account, by id. */
  setPackFromConsole(idAccount: string, idPack: string, quantity: number): PackResult {
    const account = this.accounts.get(idFrom(idAccount, NO_ACCOUNT));
    if (account === undefined) throw forbidden(NO_ACCOUNT);
    return setPackFromConsole(account, idPack, quantity);
  }

  monthEnd(): number {
    return monthEnd(this.accounts.values());
  }

  // ---- Admin -----------------------------------------------------------------------------------------

  reserveDomain(hostname: string): void {
    this.domains.reserveHost(hostname);
  }

  snapshot(): MailUpSnapshot {
    return {
      profiles: catalogueProfiles(),
      accounts: [...this.accounts.values()].map((a) => ({
        ...viewAccount(a),
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
              : statusOf(a),
      })),
      reservedDomains: this.domains.toRecord(),
      activeTokens: this.tokens.activeCount(),
    };
  }

  /** The ledger: every account (billable) with its profile and the packs it holds. */
  ledger(): {
    accounts: { id: number; profile: string; email: string; domain: string; enabled: boolean }[];
    packs: { accountId: number; packId: number; name: string; quantity: number; currentQuantity: number }[];
  } {
    const accounts = [...this.accounts.values()].map(viewAccount);
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

  private account(externalUserId: string, idAccount: string): AccountRecord {
    const account = this.accounts.get(idFrom(idAccount, NO_ACCOUNT));
    if (account === undefined || account.externalUserId !== externalUserId) throw forbidden(NO_ACCOUNT);
    return account;
  }

  /** The activation's end: the account, or Code 2 for a second Trial of one ExternalUserId. */
  private finish(activation: ActivationRecord): void {
    const seed = profileSeedById(activation.profileId);
    if (seed.trial && this.trialUsers.has(activation.externalUserId)) {
      activation.outcome = { code: 2 };
      this.domains.release(activation.domains);
      return;
    }
    if (seed.trial) this.trialUsers.add(activation.externalUserId);
    const id = this.nextAccountId++;
    this.accounts.set(id, openAccount(id, activation, seed));
    this.domains.reserve(activation.domains, `account ${id}`);
    activation.outcome = { code: 0, accountId: id };
  }
}
