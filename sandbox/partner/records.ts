/**
 * What the partner account holds: the credit balance, the outMail services and the live services (of
 * every product), with the id counters, the lookups that answer 404 and the views that reads return. The
 * rules that change them are in outmails.ts and live-services.ts; both need the same records (an outMail
 * service is shown through its live service), so the records are one store.
 */

import { HttpError } from "../core/http";
import { insufficientCredits, notFound } from "./errors";
import { type SearchTerm, matches } from "./search";
import {
  FIRST_LIVE_SERVICE_ID,
  FIRST_OUTMAIL_ID,
  FIRST_PORTAL_LIVE_SERVICE_ID,
  type LiveServiceStatus,
  type PartnerLiveService,
  SEED_CLIENTS,
  SEED_OUTMAIL_SERVER_IDS,
  SEED_PORTAL_LIVE_SERVICES,
} from "./seed";
import { regradeTargets } from "./tariffs";

export interface OutmailRecord {
  id: string;
  username: string;
  password: string;
  client_id: string;
  whmcs_serviceid: string | null;
  outmail_server_id: string;
  live_service_id: string;
}

export type LiveServiceRecord = PartnerLiveService;

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

export function checkCredits(credits: number): number {
  if (!Number.isFinite(credits) || credits < 0) {
    throw new HttpError(400, "BadRequest", "credits must be a finite number >= 0.");
  }
  return credits;
}

export class PartnerRecords {
  private readonly initialCredits: number;
  private credits = 0;
  /** Credits taken by creates and regrades since the seed (setCredits does not count). */
  private creditsCharged = 0;
  private outmails = new Map<string, OutmailRecord>();
  private liveServices = new Map<string, LiveServiceRecord>();
  private nextOutmailId = FIRST_OUTMAIL_ID;
  private nextLiveServiceId = FIRST_LIVE_SERVICE_ID;
  private nextPortalLiveServiceId = FIRST_PORTAL_LIVE_SERVICE_ID;
  private placed = 0;

  constructor(
    readonly partnerId: string,
    credits: number,
  ) {
    this.initialCredits = checkCredits(credits);
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

  // ---- Credits ---------------------------------------------------------------------------------------

  get balance(): number {
    return this.credits;
  }

  get charged(): number {
    return this.creditsCharged;
  }

  setCredits(credits: number): void {
    this.credits = checkCredits(credits);
  }

  /** 405 unless the balance covers `cost`; `what` names the purchase in the message. */
  checkBalance(what: string, cost: number): void {
    if (this.credits < cost) throw insufficientCredits(what, cost, this.credits);
  }

  charge(credits: number): void {
    this.credits -= credits;
    this.creditsCharged += credits;
  }

  // ---- Records ---------------------------------------------------------------------------------------

  isClient(clientId: string): boolean {
    return clientId === this.partnerId || SEED_CLIENTS.some((c) => c.id === clientId);
  }

  /** The outMail service holding `username`, if any: usernames are unique across the partner. */
  usernameHolder(username: string): OutmailRecord | undefined {
    return [...this.outmails.values()].find((o) => o.username === username);
  }

  /** A new outMail service's id and server (placed round-robin over the seed's servers). */
  placeOutmail(): { id: string; outmail_server_id: string } {
    return {
      id: String(this.nextOutmailId++),
      outmail_server_id: SEED_OUTMAIL_SERVER_IDS[this.placed++ % SEED_OUTMAIL_SERVER_IDS.length],
    };
  }

  /**
   * The next free id from one of two counters: the API's (from 1234931, so the docs' regrade sample runs)
   * or the portal's (from 1234806, after the seeded ones). Either skips an id the other already took.
   */
  takeLiveServiceId(by: "api" | "portal"): string {
    let id: string;
    do {
      id = String(by === "api" ? this.nextLiveServiceId++ : this.nextPortalLiveServiceId++);
    } while (this.liveServices.has(id));
    return id;
  }

  addOutmail(outmail: OutmailRecord): void {
    this.outmails.set(outmail.id, outmail);
  }

  addLiveService(service: LiveServiceRecord): void {
    this.liveServices.set(service.id, service);
  }

  outmailRecord(id: string): OutmailRecord {
    const outmail = this.outmails.get(id);
    if (outmail === undefined) throw notFound("outMail service", id);
    return outmail;
  }

  liveServiceRecord(id: string): LiveServiceRecord {
    const service = this.liveServices.get(id);
    if (service === undefined) throw notFound("live service", id);
    return service;
  }

  /** Removes the live service, of any product, and its outMail service if it has one. */
  deleteLiveService(id: string): void {
    const service = this.liveServiceRecord(id);
    this.liveServices.delete(service.id);
    if (service.outmail_id !== null) this.outmails.delete(service.outmail_id);
  }

  // ---- Views -----------------------------------------------------------------------------------------

  /** Every outMail service, or those meeting a search expression. */
  listOutmails(terms: readonly SearchTerm[] = []): OutmailView[] {
    return [...this.outmails.values()]
      .map((o) => this.viewOutmail(o))
      .filter((o) => matches(o as unknown as Record<string, unknown>, terms));
  }

  /** Every live service, of every product, or those meeting a search expression on any field. */
  listLiveServices(terms: readonly SearchTerm[] = []): LiveServiceView[] {
    return [...this.liveServices.values()]
      .map((s) => this.viewLiveService(s))
      .filter((s) => matches(s as unknown as Record<string, unknown>, terms));
  }

  viewOutmail(o: OutmailRecord): OutmailView {
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

  viewLiveService(s: LiveServiceRecord): LiveServiceView {
    return {
      id: s.id,
      product: s.product,
      tariff_service_name: s.tariff_service_name,
      client_id: s.client_id,
      status: s.status,
      suspended_by: s.suspended_by,
      outmail_id: s.outmail_id,
      regrade_servicenames: regradeTargets(s),
    };
  }
}
