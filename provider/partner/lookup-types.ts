/**
 * The types the Partner API lookups return or take (provider/partner/lookups.ts). They are part of the
 * published types, so they live apart from the client: its declarations import zod, whose own need
 * compiler flags (esModuleInterop) that many Pulumi projects' tsconfig does not set. Nothing here may
 * import zod (test/package/pack.test.ts checks the published declarations).
 */

/** A tariff with its credit cost. */
export interface ServiceNameInfo {
  serviceName: string;
  /** The product the tariff belongs to, e.g. `backupMX`, when the vendor says. */
  product?: string;
  credits: number;
}

/** A client of the partner, with the fields the Partner API KB shows. */
export interface PartnerClient {
  id: string;
  /** The client's login, an email address. */
  username?: string;
  email?: string;
  title?: string;
  firstName?: string;
  surname?: string;
  active?: boolean;
  /** The portal's client status (verification). */
  statusId?: string;
  /** Your own id for the client (`external_userid`). */
  externalUserId?: string;
}

/**
 * Search criteria in the Partner API's expression: each key a field, optionally followed by an operator
 * (`"username LIKE"`, `"id >"`), each value the text to match (`%` is the LIKE wildcard), as KB 395's
 * examples write them. All criteria must hold.
 */
export type ClientSearch = Record<string, string>;
