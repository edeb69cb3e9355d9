/**
 * Read-only lookups for programs: which tariffs exist and what they cost, and which clients a service
 * can belong to. They run in the program (also during preview) and read the `mailreseller:partner*`
 * config of the stack, or the MAILRESELLER_PARTNER_* environment variables.
 */
import { programConfig } from "../core/program/program-config";
import { LiveServiceRecord, isSuspended, isSuspendedBySystem, partnerApiFromConfig } from "./client";
import type { ClientSearch, PartnerClient, ServiceNameInfo } from "./lookup-types";

export type { ClientSearch, PartnerClient, ServiceNameInfo } from "./lookup-types";

/** The tariffs with their credit cost, and the partner's credit balance. */
export interface ServiceNames {
  /** The partner's credit balance. */
  partnerCredits: number;
  /** The tariffs, those of one product when `product` was given. */
  serviceNames: ServiceNameInfo[];
}

/**
 * Lists the service names (tariffs) of every product with their credit cost, and the partner's balance
 * (`GET /live_services/service_names`). Pass `product: "outMail"` to keep only outMail tariffs.
 */
export async function getServiceNames(
  options: {
    /** Keep only the tariffs of this product, e.g. `"outMail"` (compared without case). */
    product?: string;
  } = {},
): Promise<ServiceNames> {
  const result = await partnerApiFromConfig(programConfig()).listServiceNames();
  const serviceNames = options.product
    ? result.serviceNames.filter((s) => s.product?.toLowerCase() === options.product!.toLowerCase())
    : result.serviceNames;
  return { partnerCredits: result.partnerCredits, serviceNames };
}

/** Lists the partner's clients (`GET /clients`). */
export async function listClients(): Promise<PartnerClient[]> {
  return partnerApiFromConfig(programConfig()).listClients();
}

/**
 * Finds clients with the Partner API's search (`GET /clients?search=(…)`, KB 395). A string finds the
 * clients whose username (their login address) contains it (`'username LIKE':'%term%'`); criteria give
 * the expression's pairs as they are, e.g. `{ "external_userid": "123456" }` or `{ "id >": "9987600" }`.
 */
export async function searchClients(termOrCriteria: string | ClientSearch): Promise<PartnerClient[]> {
  const criteria =
    typeof termOrCriteria === "string" ? { "username LIKE": `%${termOrCriteria}%` } : termOrCriteria;
  return partnerApiFromConfig(programConfig()).searchClients(criteria);
}

/** A live service as `partner.getLiveServices` reports it. */
export interface LiveServiceInfo {
  /** The live service id: `partner.LiveService`'s `liveServiceId` (and `outmail.Service`'s `adopt`). */
  liveServiceId: string;
  /** Its product, e.g. `backupMX`, as the vendor or its tariff list files it; undefined when neither says. */
  product?: string;
  /** Its tariff, e.g. `BackupMX1`. */
  serviceName: string;
  /** The client that owns it, when the vendor reports it. */
  clientId?: string;
  suspended: boolean;
  /** Suspended by Prolateral (abuse, billing): the Partner API cannot unsuspend it (KB 405). */
  suspendedBySystem: boolean;
  /** The tariffs it may be regraded to, when the vendor lists them. */
  regradeServiceNames?: string[];
  /** For an outMail service, its outMail id. */
  outmailId?: string;
}

/**
 * Lists the partner's live services of every product (`GET /live_services`), or those of one client
 * (`search=('client_id':'…')`, on the vendor) and/or one product (compared without case, here: by the
 * service's product, else by its tariff's product in `GET /live_services/service_names`).
 */
export async function getLiveServices(
  options: {
    /** Keep only the services of this client (its id, digits), asked of the vendor. */
    clientId?: string;
    /** Keep only the services of this product, e.g. `"backupMX"` (compared without case). */
    product?: string;
  } = {},
): Promise<LiveServiceInfo[]> {
  const api = partnerApiFromConfig(programConfig());
  const records = await api.listLiveServices(
    options.clientId === undefined ? {} : { client_id: options.clientId },
  );
  const needCatalogue = records.some((r) => r.product === undefined);
  const catalogue = needCatalogue ? (await api.listServiceNames()).serviceNames : [];
  const productOf = (r: LiveServiceRecord) =>
    r.product ?? catalogue.find((t) => t.serviceName === r.tariff_service_name)?.product;
  const wanted = options.product?.toLowerCase();
  return records
    .map((r) => toLiveServiceInfo(r, productOf(r)))
    .filter((s) => wanted === undefined || s.product?.toLowerCase() === wanted);
}

function toLiveServiceInfo(r: LiveServiceRecord, product: string | undefined): LiveServiceInfo {
  return {
    liveServiceId: r.id,
    product,
    serviceName: r.tariff_service_name,
    clientId: r.client_id,
    suspended: isSuspended(r),
    suspendedBySystem: isSuspendedBySystem(r),
    regradeServiceNames: r.regrade_servicenames,
    outmailId: r.outmail_id ?? undefined,
  };
}
