import { HttpError } from "../core/http";
import { type SearchTerm, matches } from "./search";
import {
  FIRST_LIVE_SERVICE_ID,
  FIRST_OUTMAIL_ID,
  FIRST_PORTAL_LIVE_SERVICE_ID,
  LIVE_SERVICE_STATUSES,
  type LiveServiceStatus,
  OUTMAIL_PRODUCT,
  PARTNER_PRODUCTS,
  type PartnerClient,
  type PartnerLiveService,
  type PartnerProduct,
  type PartnerTariff,
  SEED_CLIENTS,
  SEED_OUTMAIL_SERVER_IDS,
  SEED_PORTAL_LIVE_SERVICES,
  SEED_TARIFFS,
  SUSPENDERS,
  type Suspender,
} from "./seed";

export type {
  LiveServiceStatus,
  PartnerClient,
  PartnerLiveService,
  PartnerProduct,
  PartnerTariff,
  Suspender,
} from "./seed";
export { LIVE_SERVICE_STATUSES, PARTNER_PRODUCTS, SUSPENDERS } from "./seed";

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

type LiveServiceRecord = PartnerLiveService;

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

/** What the portal (or Prolateral) changes on a live service: `/__sandbox/partner/live_services/:id`. */
export interface PortalLiveServiceChanges extends LiveServiceChanges {
  suspended_by?: string;
}

/** A live service bought in the portal: `POST /__sandbox/partner/live_services`. */
export interface NewPortalLiveService {
  product: string;
  tariff_service_name: string;
  client_id: string;
}

/** One live service in the ledger; `outmailId` and `username` only for outMail services. */
export interface PartnerLedgerLiveService {
  id: string;
  product: PartnerProduct;
  outmailId?: string;
  serviceName: string;
  clientId: string;
  username?: string;
  status: LiveServiceStatus;
  suspendedBy: Suspender | null;
}

export interface PartnerLedger {
  balance: number;
  charged: number;
  liveServices: PartnerLedgerLiveService[];
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

function suspendedBySystem(id: string): HttpError {
  return new HttpError(
    403,
    "SuspendedBySystem",
    `Live service ${id} was suspended by the system (abuse, billing, …) and cannot be unsuspended through the Partner API; contact Prolateral support.`,
  );
}

function badRequest(message: string): HttpError {
  return new HttpError(400, "BadRequest", message);
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
  private nextPortalLiveServiceId = FIRST_PORTAL_LIVE_SERVICE_ID;
  private placed = 0;

  constructor(options: PartnerStateOptions) {
    this.partnerId = options.partnerId;
    this.initialCredits = checkCredits(options.credits);
    this.reset();
  }

  /**
   * Back to the seed: initial balance, no outMail service, the portal-bought live services of
   * SEED_PORTAL_LIVE_SERVICES, ids counting from the start again.
   */
  reset(): void {
    this.credits = this.initialCredits;
    this.creditsCharged = 0;
    this.outmails = new Map();
    this.liveServices = new Map(SEED_PORTAL_LIVE_SERVICES.map((s) => [s.id, { ...s }]));
    this.nextOutmailId = FIRST_OUTMAIL_ID;
    this.nextLiveServiceId = FIRST_LIVE_SERVICE_ID;
    this.nextPortalLiveServiceId = FIRST_PORTAL_LIVE_SERVICE_ID;
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
    if (!this.isClient(clientId)) {
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
      live_service_id: this.takeLiveServiceId("api"),
    };
    this.outmails.set(outmail.id, outmail);
    this.liveServices.set(outmail.live_service_id, {
      id: outmail.live_service_id,
      product: OUTMAIL_PRODUCT,
      tariff_service_name: serviceName,
      client_id: clientId,
      status: "active",
      suspended_by: null,
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
   * Every live service of the partner, of every product (outMail ones and those bought in the portal), or
   * those meeting a search expression on any field (KB 395's notation; the list call is assumed, KB 399).
   */
  listLiveServices(terms: readonly SearchTerm[] = []): LiveServiceView[] {
    return [...this.liveServices.values()]
      .map((s) => this.viewLiveService(s))
      .filter((s) => matches(s as unknown as Record<string, unknown>, terms));
  }

  /**
   * Regrade and/or un/suspend through the API, all or nothing: every check (status valid, target allowed,
   * not unsuspending a system suspension, balance) runs before anything changes. Upgrades cost the
   * difference in credits; downgrades are free and refund nothing. Suspending marks the service
   * `suspended_by: "partner"`; a service the system suspended stays so (KB 405: the API cannot unsuspend
   * it; asking it to is 403 SuspendedBySystem, asking to suspend it again changes nothing).
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
    const target = changes.tariff_service_name;
    const charge = target === undefined ? 0 : this.regradeCharge(service, target);
    if (status === "active" && service.suspended_by === "system") throw suspendedBySystem(service.id);
    this.checkBalance(service, target, charge);

    this.charge(charge);
    if (target !== undefined) service.tariff_service_name = target;
    if (status === "active") {
      service.status = "active";
      service.suspended_by = null;
    } else if (status === "suspended" && service.status !== "suspended") {
      service.status = "suspended";
      service.suspended_by = "partner";
    }
    return this.viewLiveService(service);
  }

  /**
   * A live service bought in the portal (not through the API): the product's tariff, one of the partner's
   * clients (or the partner itself). Test setup, so nothing is charged; ids count from 1234806. Anything
   * invalid is 400 BadRequest (an admin call).
   */
  addPortalLiveService(input: NewPortalLiveService): LiveServiceView {
    const product = PARTNER_PRODUCTS.find((p) => p === input.product);
    if (product === undefined) {
      throw badRequest(`product: unknown product "${input.product}"; one of ${PARTNER_PRODUCTS.join(", ")}.`);
    }
    const names = this.tariffs.filter((t) => t.product === product).map((t) => t.service_name);
    if (!names.includes(input.tariff_service_name)) {
      throw badRequest(
        `tariff_service_name: "${input.tariff_service_name}" is not a ${product} tariff; ${product} tariffs: ${names.join(", ")}.`,
      );
    }
    if (!this.isClient(input.client_id)) {
      throw badRequest(`client_id: no client with id ${input.client_id} (see GET /clients).`);
    }
    const service: LiveServiceRecord = {
      id: this.takeLiveServiceId("portal"),
      product,
      tariff_service_name: input.tariff_service_name,
      client_id: input.client_id,
      status: "active",
      suspended_by: null,
      outmail_id: null,
    };
    this.liveServices.set(service.id, service);
    return this.viewLiveService(service);
  }

  /**
   * What the portal or Prolateral changes, all or nothing: a regrade (the API's rules and credits),
   * `status` and `suspended_by`. `suspended_by` ("system" for Prolateral's suspension for abuse or billing,
   * "partner") suspends; `status: "suspended"` alone keeps the current suspender, or is the partner's;
   * `status: "active"` lifts any suspension, the system's included (what Prolateral support does). Bad
   * `status`/`suspended_by` values or combinations are 400 BadRequest; regrade refusals 422/405 as in the API.
   */
  portalUpdateLiveService(id: string, changes: PortalLiveServiceChanges): LiveServiceView {
    const service = this.liveServiceRecord(id);
    const { tariff_service_name: target, status: statusText, suspended_by: suspenderText } = changes;
    if (target === undefined && statusText === undefined && suspenderText === undefined) {
      throw badRequest('Send at least one of "tariff_service_name", "status" and "suspended_by".');
    }
    const status = statusText === undefined ? undefined : LIVE_SERVICE_STATUSES.find((s) => s === statusText);
    if (statusText !== undefined && status === undefined) {
      throw badRequest(`status: must be one of ${LIVE_SERVICE_STATUSES.join(", ")}, not "${statusText}".`);
    }
    const suspender = suspenderText === undefined ? undefined : SUSPENDERS.find((s) => s === suspenderText);
    if (suspenderText !== undefined && suspender === undefined) {
      throw badRequest(`suspended_by: must be one of ${SUSPENDERS.join(", ")}, not "${suspenderText}".`);
    }
    if (suspender !== undefined && status === "active") {
      throw badRequest(
        `suspended_by: "${suspender}" suspends the service; it cannot go with status "active".`,
      );
    }
    const charge = target === undefined ? 0 : this.regradeCharge(service, target);
    this.checkBalance(service, target, charge);

    this.charge(charge);
    if (target !== undefined) service.tariff_service_name = target;
    if (status === "active") {
      service.status = "active";
      service.suspended_by = null;
    } else if (suspender !== undefined || status === "suspended") {
      service.suspended_by = suspender ?? service.suspended_by ?? "partner";
      service.status = "suspended";
    }
    return this.viewLiveService(service);
  }

  /** Prolateral suspends the service (abuse, billing): the API can then no longer unsuspend it (KB 405). */
  suspendBySystem(id: string): LiveServiceView {
    return this.portalUpdateLiveService(id, { suspended_by: "system" });
  }

  /** Removes the live service, of any product, and its outMail service if it has one. Nothing is refunded. */
  deleteLiveService(id: string): void {
    const service = this.liveServiceRecord(id);
    this.liveServices.delete(service.id);
    if (service.outmail_id !== null) this.outmails.delete(service.outmail_id);
  }

  snapshot(): PartnerSnapshot {
    return {
      partner_id: this.partnerId,
      partner_credits: this.credits,
      clients: this.listClients(),
      service_names: this.serviceNames(),
      outmails: this.listOutmails(),
      live_services: this.listLiveServices(),
    };
  }

  /**
   * The ledger: every live service (billable), of every product, and the credits charged since the seed.
   * `outmailId` and `username` only appear on outMail services.
   */
  ledger(): PartnerLedger {
    const usernames = new Map(this.listOutmails().map((o) => [o.id, o.username]));
    return {
      balance: this.credits,
      charged: this.creditsCharged,
      liveServices: [...this.liveServices.values()].map((s) => ({
        id: s.id,
        product: s.product,
        ...(s.outmail_id === null ? {} : { outmailId: s.outmail_id }),
        serviceName: s.tariff_service_name,
        clientId: s.client_id,
        ...(s.outmail_id === null ? {} : { username: usernames.get(s.outmail_id) }),
        status: s.status,
        suspendedBy: s.suspended_by,
      })),
    };
  }

  /**
   * The next free id from one of two counters: the API's (from 1234931, so the docs' regrade sample runs)
   * or the portal's (from 1234806, after the seeded ones). Either skips an id the other already took.
   */
  private takeLiveServiceId(by: "api" | "portal"): string {
    let id: string;
    do {
      id = String(by === "api" ? this.nextLiveServiceId++ : this.nextPortalLiveServiceId++);
    } while (this.liveServices.has(id));
    return id;
  }

  private isClient(clientId: string): boolean {
    return clientId === this.partnerId || this.clients.some((c) => c.id === clientId);
  }

  /** The credits a regrade to `target` costs; 422 when `target` is not in `regrade_servicenames`. */
  private regradeCharge(service: LiveServiceRecord, target: string): number {
    const allowed = this.regradeTargets(service);
    if (!allowed.includes(target)) {
      const why =
        target === service.tariff_service_name ? `it is already on ${target}` : `"${target}" is not a target`;
      throw validationError(
        "tariff_service_name",
        `cannot regrade live service ${service.id} to "${target}": ${why}; regrade_servicenames: ${allowed.join(", ")}.`,
      );
    }
    return Math.max(0, this.cost(target) - this.cost(service.tariff_service_name));
  }

  private checkBalance(service: LiveServiceRecord, target: string | undefined, charge: number): void {
    if (target !== undefined && this.credits < charge) {
      throw insufficientCredits(
        `regrading live service ${service.id} from ${service.tariff_service_name} to ${target}`,
        charge,
        this.credits,
      );
    }
  }

  private charge(credits: number): void {
    this.credits -= credits;
    this.creditsCharged += credits;
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
    return {
      id: s.id,
      product: s.product,
      tariff_service_name: s.tariff_service_name,
      client_id: s.client_id,
      status: s.status,
      suspended_by: s.suspended_by,
      outmail_id: s.outmail_id,
      regrade_servicenames: this.regradeTargets(s),
    };
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
