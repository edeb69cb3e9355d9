export { LiveService, PARTNER_PRODUCTS } from "./live-service";
export type { LiveServiceArgs, LiveServiceInputs, LiveServiceOutputs, PartnerProduct } from "./live-service";
export { getLiveServices, getServiceNames, listClients, searchClients } from "./lookups";
export type { LiveServiceInfo, PartnerClient, ServiceNameInfo, ServiceNames } from "./lookups";
