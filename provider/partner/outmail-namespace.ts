/**
 * The public `outmail` namespace: the outMail service resource and the Partner API lookups under the name
 * users know them by (`import { outmail } from "pulumi-mailreseller"`). The same lookups are also under
 * `partner` (./index.ts).
 */
export { Service } from "./service";
export type { ServiceArgs, ServiceInputs, ServiceOutputs } from "./service";
export { getServiceNames, listClients, searchClients } from "./lookups";
export type { PartnerClient, ServiceNameInfo, ServiceNames } from "./lookups";
