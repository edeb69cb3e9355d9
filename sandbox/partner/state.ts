import * as liveServices from "./live-services";
import type { LiveServiceChanges, NewPortalLiveService, PortalLiveServiceChanges } from "./live-services";
import * as outmails from "./outmails";
import type { NewOutmailInput, OutmailChanges, OutmailCreated } from "./outmails";
import { type LiveServiceView, type OutmailView, PartnerRecords } from "./records";
import { type SearchTerm, matches } from "./search";
import {
  type LiveServiceStatus,
  type PartnerClient,
  type PartnerProduct,
  type PartnerTariff,
  SEED_CLIENTS,
  type Suspender,
} from "./seed";
import { serviceNames } from "./tariffs";

export type {
  LiveServiceStatus,
  PartnerClient,
  PartnerLiveService,
  PartnerProduct,
  PartnerTariff,
  Suspender,
} from "./seed";
export { LIVE_SERVICE_STATUSES, PARTNER_PRODUCTS, SUSPENDERS } from "./seed";
// Test code imports the outMail view from here, where it was declared before records.ts.
export type { OutmailView } from "./records";

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

/**
 * The partner account behind the sandbox's Partner API. Every rule the API enforces is reached through
 * here, so that tests which set state up in-process go through the same checks as HTTP clients. The
 * records (balance, outMail and live services) are in records.ts, the price list in tariffs.ts, and the
 * rules of each resource in outmails.ts and live-services.ts.
 */
export class PartnerState {
  readonly partnerId: string;
  private readonly records: PartnerRecords;

  constructor(options: PartnerStateOptions) {
    this.partnerId = options.partnerId;
    this.records = new PartnerRecords(options.partnerId, options.credits);
  }

  /**
   * Back to the seed: initial balance, no outMail service, the portal-bought live services of
   * SEED_PORTAL_LIVE_SERVICES, ids counting from the start again.
   */
  reset(): void {
    this.records.reset();
  }

  get partnerCredits(): number {
    return this.records.balance;
  }

  setCredits(credits: number): void {
    this.records.setCredits(credits);
  }

  serviceNames(): PartnerTariff[] {
    return serviceNames();
  }

  listClients(): PartnerClient[] {
    return SEED_CLIENTS.map((c) => ({ ...c }));
  }

  /** The clients meeting a search expression (KB 395). */
  searchClients(terms: readonly SearchTerm[]): PartnerClient[] {
    return this.listClients().filter((c) => matches(c as unknown as Record<string, unknown>, terms));
  }

  // ---- outMail services (outmails.ts) ----------------------------------------------------------------

  createOutmail(input: NewOutmailInput): OutmailCreated {
    return outmails.createOutmail(this.records, input);
  }

  /** Every outMail service, or those meeting a search expression (KB 395's notation; assumed here). */
  listOutmails(terms: readonly SearchTerm[] = []): OutmailView[] {
    return this.records.listOutmails(terms);
  }

  getOutmail(id: string): OutmailView {
    return this.records.viewOutmail(this.records.outmailRecord(id));
  }

  updateOutmail(id: string, changes: OutmailChanges): OutmailView {
    return outmails.updateOutmail(this.records, id, changes);
  }

  // ---- Live services (live-services.ts) --------------------------------------------------------------

  getLiveService(id: string): LiveServiceView {
    return this.records.viewLiveService(this.records.liveServiceRecord(id));
  }

  /**
   * Every live service of the partner, of every product (outMail ones and those bought in the portal), or
   * those meeting a search expression on any field (KB 395's notation; the list call is assumed, KB 399).
   */
  listLiveServices(terms: readonly SearchTerm[] = []): LiveServiceView[] {
    return this.records.listLiveServices(terms);
  }

  updateLiveService(id: string, changes: LiveServiceChanges): LiveServiceView {
    return liveServices.updateLiveService(this.records, id, changes);
  }

  addPortalLiveService(input: NewPortalLiveService): LiveServiceView {
    return liveServices.addPortalLiveService(this.records, input);
  }

  portalUpdateLiveService(id: string, changes: PortalLiveServiceChanges): LiveServiceView {
    return liveServices.portalUpdateLiveService(this.records, id, changes);
  }

  /** Prolateral suspends the service (abuse, billing): the API can then no longer unsuspend it (KB 405). */
  suspendBySystem(id: string): LiveServiceView {
    return this.portalUpdateLiveService(id, { suspended_by: "system" });
  }

  /** Removes the live service, of any product, and its outMail service if it has one. Nothing is refunded. */
  deleteLiveService(id: string): void {
    this.records.deleteLiveService(id);
  }

  // ---- Admin -----------------------------------------------------------------------------------------

  snapshot(): PartnerSnapshot {
    return {
      partner_id: this.partnerId,
      partner_credits: this.records.balance,
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
      balance: this.records.balance,
      charged: this.records.charged,
      liveServices: this.listLiveServices().map((s) => ({
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
}
