/**
 * Read-only lookups for programs: which tariffs exist and what they cost, and which clients a service
 * can belong to. They run in the program (also during preview) and read the `mailreseller:partner*`
 * config of the stack, or the MAILRESELLER_PARTNER_* environment variables.
 */
import { programConfig } from "../core/program-config";
import { ClientSearch, PartnerClient, ServiceNameInfo, partnerClientFromConfig } from "./client";

export type { ClientSearch, PartnerClient, ServiceNameInfo } from "./client";

/** The tariffs with their credit cost, and the partner's credit balance. */
export interface ServiceNames {
  partnerCredits: number;
  serviceNames: ServiceNameInfo[];
}

/**
 * Lists the service names (tariffs) of every product with their credit cost, and the partner's balance
 * (`GET /live_services/service_names`). Pass `product: "outMail"` to keep only outMail tariffs.
 */
export async function getServiceNames(options: { product?: string } = {}): Promise<ServiceNames> {
  const result = await partnerClientFromConfig(programConfig()).listServiceNames();
  const serviceNames = options.product
    ? result.serviceNames.filter((s) => s.product.toLowerCase() === options.product!.toLowerCase())
    : result.serviceNames;
  return { partnerCredits: result.partnerCredits, serviceNames };
}

/** Lists the partner's clients (`GET /clients`). */
export async function listClients(): Promise<PartnerClient[]> {
  return partnerClientFromConfig(programConfig()).listClients();
}

/**
 * Finds clients with the Partner API's search (`GET /clients?search=(…)`, KB 395). A string finds the
 * clients whose username (their login address) contains it (`'username LIKE':'%term%'`); criteria give
 * the expression's pairs as they are, e.g. `{ "external_userid": "123456" }` or `{ "id >": "9987600" }`.
 */
export async function searchClients(termOrCriteria: string | ClientSearch): Promise<PartnerClient[]> {
  const criteria =
    typeof termOrCriteria === "string" ? { "username LIKE": `%${termOrCriteria}%` } : termOrCriteria;
  return partnerClientFromConfig(programConfig()).searchClients(criteria);
}
