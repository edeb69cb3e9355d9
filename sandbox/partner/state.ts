import { HttpError } from "../core/http";
import { type SearchTerm, matches } from "./search";
import {
  FIRST_LIVE_SERVICE_ID,
  FIRST_OUTMAIL_ID,
  OUTMAIL_PRODUCT,
  type PartnerClient,
  type PartnerTariff,
  SEED_CLIENTS,
  SEED_OUTMAIL_SERVER_IDS,
  SEED_TARIFFS,
} from "./seed";

export type { PartnerClient, PartnerTariff } from "./seed";

export const LIVE_SERVICE_STATUSES = ["active", "suspended"] as const;
export type LiveServiceStatus = (typeof LIVE_SERVICE_STATUSES)[number];

export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,64}$/;
export const MIN_PASSWORD_LENGTH = 8;

interface OutmailRecord {
  id: string;
  username: string;
  password: string;
  client_id: string;
  whmcs_serviceid: string | null;
  outmail_server_id: string;
  live_service_id: string;
}

interface LiveServiceRecord {
  id: string;
  product: string;
  tariff_service_name: string;
  client_id: string;
  status: LiveServiceStatus;
  outmail_id: string;
}

/** `POST /outmails` answer: the only response that carries the password. */
export interface OutmailCreated {
  id: string;
  username: string;
  password: string;
  outmail_server_id: string;
  live_service_id: string;
}

/** An outMail service as reads return it: tariff and status come from its live service, no password. */
export interface OutmailView {
  id: string;
  username: string;
  client_id: string;
  service_name: string;
  whmcs_serviceid: string | null;
  outmail_server_id: string;
  live_service_id: string;
  status: LiveServiceStatus;
}

export interface LiveServiceView extends LiveServiceRecord {
  /** The product's other tariffs, i.e. every tariff this service may be regraded to. */
  regrade_servicenames: string[];
}

/** Request fields as strings; absent means not sent. Validation happens here, not in the routes. */
export interface NewOutmailInput {
  service_name?: string;
  whmcs_serviceid?: string;
  client_id?: string;
  username?: string;
  password?: string;
}

export interface OutmailChanges {
  password?: string;
  /** An empty string unlinks the billing id. */
  whmcs_serviceid?: string;
}

export interface LiveServiceChanges {
  tariff_service_name?: string;
  status?: string;
}

/** What `GET /__sandbox/partner/state` shows; no password anywhere. */
export interface PartnerSnapshot {
  partner_id: string;
  partner_credits: number;
  clients: PartnerClient[];
  service_names: PartnerTariff[];
  outmails: OutmailView[];
  live_services: LiveServiceView[];
}

export interface PartnerStateOptions {
  partnerId: string;
  credits: number;
}

function validationError(field: string, message: string): HttpError {
  return new HttpError(422, "ValidationError", `${field}: ${message}`);
}

function notFound(what: string, id: string): HttpError {
  return new HttpError(404, "NotFound", `No ${what} with id ${id}.`);
}

function insufficientCredits(what: string, cost: number, balance: number): HttpError {
  return new HttpError(
    405,
    "InsufficientCredits",
    `Insufficient partner credits: ${what} costs ${cost} credits, the balance is ${balance}.`,
  );
}

function checkCredits(credits: number): number {
  if (!Number.isFinite(credits) || credits < 0) {
    throw new HttpError(400, "BadRequest", "credits must be a finite number >= 0.");
  }
  return credits;
}

/**
 * The partner account behind the sandbox's Partner API. Every rule the API enforces lives here, so that
 * tests which set state up in-process go through the same checks as HTTP clients.
 */
export class PartnerState {
  readonly partnerId: string;
  private readonly initialCredits: number;
  /** Credits taken by creates and regrades since the seed (setCredits does not count). */
  private creditsCharged = 0;
  private credits = 0;
  private readonly clients: readonly PartnerClient[] = SEED_CLIENTS;
  private readonly tariffs: readonly PartnerTariff[] = SEED_TARIFFS;
  private outmails = new Map<string, OutmailRecord>();
  private liveServices = new Map<string, LiveServiceRecord>();
  private nextOutmailId = FIRST_OUTMAIL_ID;
  private nextLiveServiceId = FIRST_LIVE_SERVICE_ID;
  private placed = 0;

  constructor(options: PartnerStateOptions) {
    this.partnerId = options.partnerId;
    this.initialCredits = checkCredits(options.credits);
    this.reset();
  }

  /** Back to the seed: initial balance, no services, ids counting from the start again. */
  reset(): void {
    this.credits = this.initialCredits;
    this.creditsCharged = 0;
    this.outmails = new Map();
    this.liveServices = new Map();
    this.nextOutmailId = FIRST_OUTMAIL_ID;
    this.nextLiveServiceId = FIRST_LIVE_SERVICE_ID;
    this.placed = 0;
  }

  get partnerCredits(): number {
    return this.credits;
  }

  setCredits(credits: number): void {
    this.credits = checkCredits(credits);
  }

  serviceNames(): PartnerTariff[] {
    return this.tariffs.map((t) => ({ ...t }));
  }

  listClients(): PartnerClient[] {
    return this.clients.map((c) => ({ ...c }));
  }

  /** The clients meeting a search expression (KB 395). */
  searchClients(terms: readonly SearchTerm[]): PartnerClient[] {
    return this.listClients().filter((c) => matches(c as unknown as Record<string, unknown>, terms));
  }

  createOutmail(input: NewOutmailInput): OutmailCreated {
    const serviceName = required("service_name", input.service_name);
    const clientId = required("client_id", input.client_id);
    const username = required("username", input.username);
    const password = required("password", input.password);
    checkUsername(username);
    checkPassword(password);
    const tariff = this.tariffs.find((t) => t.service_name === serviceName);
    if (tariff === undefined) {
      throw validationError(
        "service_name",
        `unknown service name "${serviceName}"; outMail service names: ${this.outmailTariffNames().join(", ")}.`,
      );
    }
    if (tariff.product !== OUTMAIL_PRODUCT) {
      throw validationError(
        "service_name",
        `"${serviceName}" is a ${tariff.product} tariff; /outmails only creates ${OUTMAIL_PRODUCT} services (${this.outmailTariffNames().join(", ")}).`,
      );
    }
    if (clientId !== this.partnerId && !this.clients.some((c) => c.id === clientId)) {
      throw validationError("client_id", `no client with id ${clientId} (see GET /clients).`);
    }
    const taken = [...this.outmails.values()].find((o) => o.username === username);
    if (taken !== undefined) {
      throw new HttpError(
        409,
        "Conflict",
        `username: "${username}" is already used by outMail service ${taken.id} (live service ${taken.live_service_id}).`,
      );
    }
    if (this.credits < tariff.credits) {
      throw insufficientCredits(`creating an ${serviceName} service`, tariff.credits, this.credits);
    }

    this.credits -= tariff.credits;
    this.creditsCharged += tariff.credits;
    const outmail: OutmailRecord = {
      id: String(this.nextOutmailId++),
      username,
      password,
      client_id: clientId,
      whmcs_serviceid: emptyToNull(input.whmcs_serviceid),
      outmail_server_id: SEED_OUTMAIL_SERVER_IDS[this.placed++ % SEED_OUTMAIL_SERVER_IDS.length],
      live_service_id: String(this.nextLiveServiceId++),
    };
    this.outmails.set(outmail.id, outmail);
    this.liveServices.set(outmail.live_service_id, {
      id: outmail.live_service_id,
      product: OUTMAIL_PRODUCT,
      tariff_service_name: serviceName,
      client_id: clientId,
      status: "active",
      outmail_id: outmail.id,
    });
    return {
      id: outmail.id,
      username,
      password,
      outmail_server_id: outmail.outmail_server_id,
      live_service_id: outmail.live_service_id,
    };
  }

  /** Exact matches on each filter given. */
  /** Every outMail service, or those meeting a search expression (KB 395's notation; assumed here). */
  listOutmails(terms: readonly SearchTerm[] = []): OutmailView[] {
    return [...this.outmails.values()]
      .map((o) => this.viewOutmail(o))
      .filter((o) => matches(o as unknown as Record<string, unknown>, terms));
  }

  getOutmail(id: string): OutmailView {
    return this.viewOutmail(this.outmailRecord(id));
  }

  updateOutmail(id: string, changes: OutmailChanges): OutmailView {
    const outmail = this.outmailRecord(id);
    if (changes.password === undefined && changes.whmcs_serviceid === undefined) {
      throw validationError("password", "nothing to change; send password and/or whmcs_serviceid.");
    }
    if (changes.password !== undefined) checkPassword(changes.password);
    if (changes.password !== undefined) outmail.password = changes.password;
    if (changes.whmcs_serviceid !== undefined) outmail.whmcs_serviceid = emptyToNull(changes.whmcs_serviceid);
    return this.viewOutmail(outmail);
  }

  getLiveService(id: string): LiveServiceView {
    return this.viewLiveService(this.liveServiceRecord(id));
  }

  /**
   * Regrade and/or un/suspend, all or nothing: every check (target allowed, status valid, balance) runs
   * before anything changes. Upgrades cost the difference in credits; downgrades are free and refund nothing.
   */
  updateLiveService(id: string, changes: LiveServiceChanges): LiveServiceView {
    const service = this.liveServiceRecord(id);
    if (changes.tariff_service_name === undefined && changes.status === undefined) {
      throw validationError(
        "tariff_service_name",
        "nothing to change; send tariff_service_name and/or status.",
      );
    }
    let status: LiveServiceStatus | undefined;
    if (changes.status !== undefined) {
      status = LIVE_SERVICE_STATUSES.find((s) => s === changes.status);
      if (status === undefined) {
        throw validationError(
          "status",
          `must be one of ${LIVE_SERVICE_STATUSES.join(", ")}, not "${changes.status}".`,
        );
      }
    }
    let charge = 0;
    const target = changes.tariff_service_name;
    if (target !== undefined) {
      const allowed = this.regradeTargets(service);
      if (!allowed.includes(target)) {
        const why =
          target === service.tariff_service_name
            ? `it is already on ${target}`
            : `"${target}" is not a target`;
        throw validationError(
          "tariff_service_name",
          `cannot regrade live service ${service.id} to "${target}": ${why}; regrade_servicenames: ${allowed.join(", ")}.`,
        );
      }
      charge = Math.max(0, this.cost(target) - this.cost(service.tariff_service_name));
      if (this.credits < charge) {
        throw insufficientCredits(
          `regrading live service ${service.id} from ${service.tariff_service_name} to ${target}`,
          charge,
          this.credits,
        );
      }
    }

    this.credits -= charge;
    this.creditsCharged += charge;
    if (target !== undefined) service.tariff_service_name = target;
    if (status !== undefined) service.status = status;
    return this.viewLiveService(service);
  }

  /** Removes the live service and its outMail service. Nothing is refunded. */
  deleteLiveService(id: string): void {
    const service = this.liveServiceRecord(id);
    this.liveServices.delete(service.id);
    this.outmails.delete(service.outmail_id);
  }

  snapshot(): PartnerSnapshot {
    return {
      partner_id: this.partnerId,
      partner_credits: this.credits,
      clients: this.listClients(),
      service_names: this.serviceNames(),
      outmails: this.listOutmails(),
      live_services: [...this.liveServices.values()].map((s) => this.viewLiveService(s)),
    };
  }

  /** The ledger: every live service (billable) and the credits charged since the seed. */
  ledger(): {
    balance: number;
    charged: number;
    liveServices: {
      id: string;
      outmailId: string;
      serviceName: string;
      clientId: string;
      username?: string;
      status: string;
    }[];
  } {
    const usernames = new Map(this.listOutmails().map((o) => [o.id, o.username]));
    return {
      balance: this.credits,
      charged: this.creditsCharged,
      liveServices: [...this.liveServices.values()].map((s) => ({
        id: s.id,
        outmailId: s.outmail_id,
        serviceName: s.tariff_service_name,
        clientId: s.client_id,
        username: usernames.get(s.outmail_id),
        status: s.status,
      })),
    };
  }

  private outmailTariffNames(): string[] {
    return this.tariffs.filter((t) => t.product === OUTMAIL_PRODUCT).map((t) => t.service_name);
  }

  private regradeTargets(service: LiveServiceRecord): string[] {
    return this.tariffs
      .filter((t) => t.product === service.product && t.service_name !== service.tariff_service_name)
      .map((t) => t.service_name);
  }

  private cost(serviceName: string): number {
    return this.tariffs.find((t) => t.service_name === serviceName)?.credits ?? 0;
  }

  private outmailRecord(id: string): OutmailRecord {
    const outmail = this.outmails.get(id);
    if (outmail === undefined) throw notFound("outMail service", id);
    return outmail;
  }

  private liveServiceRecord(id: string): LiveServiceRecord {
    const service = this.liveServices.get(id);
    if (service === undefined) throw notFound("live service", id);
    return service;
  }

  private viewOutmail(o: OutmailRecord): OutmailView {
    const service = this.liveServiceRecord(o.live_service_id);
    return {
      id: o.id,
      username: o.username,
      client_id: o.client_id,
      service_name: service.tariff_service_name,
      whmcs_serviceid: o.whmcs_serviceid,
      outmail_server_id: o.outmail_server_id,
      live_service_id: o.live_service_id,
      status: service.status,
    };
  }

  private viewLiveService(s: LiveServiceRecord): LiveServiceView {
    return { ...s, regrade_servicenames: this.regradeTargets(s) };
  }
}

function required(field: string, value: string | undefined): string {
  if (value === undefined || value.trim() === "") throw validationError(field, "is required.");
  return value;
}

function checkUsername(username: string): void {
  if (!USERNAME_PATTERN.test(username)) {
    throw validationError("username", "must be 3-64 characters of letters, digits, '.', '_' or '-'.");
  }
}

function checkPassword(password: string): void {
  // The message gives the rule only: a password, even a rejected one, is never echoed.
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw validationError("password", `must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
}

function emptyToNull(value: string | undefined): string | null {
  return value === undefined || value === "" ? null : value;
}
