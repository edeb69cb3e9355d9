/**
 * Read-only lookups for programs: which tariffs exist and what they cost, and which clients a service
 * can belong to. They run in the program (also during preview) and read the `mailreseller:partner*`
 * config of the stack, or the MAILRESELLER_PARTNER_* environment variables.
 */
import { programConfig } from "../core/program-config";
import { PartnerClient, ServiceNameInfo, partnerClientFromConfig } from "./client";

export type { PartnerClient, ServiceNameInfo } from "./client";

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

/** Finds clients whose id, name, email or company contains `term` (`GET /clients/search`). */
export async function searchClients(term: string): Promise<PartnerClient[]> {
  return partnerClientFromConfig(programConfig()).searchClients(term);
}
