/**
 * Seed data for the Partner API. Ids and names the vendor's docs use appear verbatim (clients 9987606 and
 * 987606, tariff Outmail500/Outmail1000, live service 1234931, the six product names) so that the docs'
 * samples run unchanged against the sandbox. Every other tariff name, cost and id is invented.
 */

/**
 * A client as Prolateral's Partner API KB shows one (articles 392-395): `username` is the client's login
 * address; `active` and `client_status_id` (the portal's verification) are numbers here (assumed).
 */
export interface PartnerClient {
  id: string;
  external_userid: string;
  username: string;
  email: string;
  title: string;
  firstname: string;
  surname: string;
  active: number;
  client_status_id: number;
}

export interface PartnerTariff {
  service_name: string;
  product: PartnerProduct;
  credits: number;
}

/**
 * The products a live service can be, spelled as the code comments of Prolateral's KB 403, 405 and 406 (and
 * seed 001) write them: "A live service is any of the products made available in the portal (outMail,
 * Profilter, fakeMX, backupMX, masterDNS and backupDNS)". That the API reports these exact strings in a
 * `product` field is our assumption.
 */
export const PARTNER_PRODUCTS = [
  "outMail",
  "Profilter",
  "fakeMX",
  "backupMX",
  "masterDNS",
  "backupDNS",
] as const;
export type PartnerProduct = (typeof PARTNER_PRODUCTS)[number];

/** The only product `/outmails` creates; other products' tariffs exist so callers must filter by product. */
export const OUTMAIL_PRODUCT: PartnerProduct = "outMail";

export const LIVE_SERVICE_STATUSES = ["active", "suspended"] as const;
export type LiveServiceStatus = (typeof LIVE_SERVICE_STATUSES)[number];

/**
 * Who suspended a live service: `partner` through the API (or the portal), `system` when Prolateral did
 * (abuse, billing: KB 405 says such a suspension "can not be unsuspended by the Partner API"). The field
 * name and values are our assumption; no source names the marker.
 */
export const SUSPENDERS = ["partner", "system"] as const;
export type Suspender = (typeof SUSPENDERS)[number];

/** A live service as the sandbox stores it (and, with `regrade_servicenames`, as reads return it). */
export interface PartnerLiveService {
  id: string;
  product: PartnerProduct;
  tariff_service_name: string;
  client_id: string;
  status: LiveServiceStatus;
  /** `null` while active. */
  suspended_by: Suspender | null;
  /** The outMail service behind it; `null` for every other product. */
  outmail_id: string | null;
}

const client = (
  id: string,
  firstname: string,
  surname: string,
  email: string,
  title: string,
): PartnerClient => ({
  id,
  external_userid: `crm-${id}`,
  username: email,
  email,
  title,
  firstname,
  surname,
  active: 1,
  client_status_id: 1,
});

export const SEED_CLIENTS: readonly PartnerClient[] = [
  client("9987606", "Alice", "Brennan", "alice@brennan-logistics.example", "Ms"),
  client("987606", "Marco", "Rossi", "marco@rossi-design.example", "Mr"),
  client("1002345", "Priya", "Shah", "it@shah-accounting.example", "Ms"),
  client("1002346", "Tom", "Becker", "tom@becker-bakery.example", "Mr"),
];

export const SEED_TARIFFS: readonly PartnerTariff[] = [
  { service_name: "Outmail250", product: OUTMAIL_PRODUCT, credits: 5 },
  { service_name: "Outmail500", product: OUTMAIL_PRODUCT, credits: 10 },
  { service_name: "Outmail1000", product: OUTMAIL_PRODUCT, credits: 20 },
  { service_name: "Outmail2500", product: OUTMAIL_PRODUCT, credits: 40 },
  { service_name: "Outmail5000", product: OUTMAIL_PRODUCT, credits: 75 },
  { service_name: "Profilter10", product: "Profilter", credits: 8 },
  { service_name: "Profilter50", product: "Profilter", credits: 30 },
  { service_name: "BackupMX1", product: "backupMX", credits: 3 },
  { service_name: "BackupMX5", product: "backupMX", credits: 12 },
  { service_name: "FakeMX1", product: "fakeMX", credits: 2 },
  { service_name: "FakeMX5", product: "fakeMX", credits: 8 },
  { service_name: "MasterDNS10", product: "masterDNS", credits: 4 },
  { service_name: "MasterDNS50", product: "masterDNS", credits: 15 },
  { service_name: "BackupDNS10", product: "backupDNS", credits: 3 },
  { service_name: "BackupDNS50", product: "backupDNS", credits: 10 },
];

const portal = (
  id: string,
  product: PartnerProduct,
  tariff: string,
  clientId: string,
): PartnerLiveService => ({
  id,
  product,
  tariff_service_name: tariff,
  client_id: clientId,
  status: "active",
  suspended_by: null,
  outmail_id: null,
});

/**
 * Live services bought in the portal before the sandbox started (not through the API, so no outMail
 * record and nothing charged): one of each product other than outMail, present at start and after reset().
 * Ids, tariffs and owners are invented.
 */
export const SEED_PORTAL_LIVE_SERVICES: readonly PartnerLiveService[] = [
  portal("1234801", "backupMX", "BackupMX1", "9987606"),
  portal("1234802", "Profilter", "Profilter10", "9987606"),
  portal("1234803", "fakeMX", "FakeMX1", "987606"),
  portal("1234804", "masterDNS", "MasterDNS10", "1002345"),
  portal("1234805", "backupDNS", "BackupDNS10", "1002345"),
];

/** New outMail services are placed on these servers in turn. */
export const SEED_OUTMAIL_SERVER_IDS: readonly string[] = ["301", "302", "303"];

export const FIRST_OUTMAIL_ID = 500001;
/** The docs' regrade sample uses live service 1234931: the first service created here gets that id. */
export const FIRST_LIVE_SERVICE_ID = 1234931;
/** Live services added as bought in the portal (`/__sandbox/partner/live_services`) continue the seeded ones. */
export const FIRST_PORTAL_LIVE_SERVICE_ID = 1234806;
