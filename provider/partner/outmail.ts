export { Service } from "./service";
export type { ServiceArgs, ServiceInputs, ServiceOutputs } from "./service";
export { getServiceNames, listClients, searchClients } from "./lookups";
export type { PartnerClient, ServiceNameInfo, ServiceNames } from "./lookups";
