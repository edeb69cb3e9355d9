/**
 * Seed data for the Partner API. Ids and names the vendor's docs use appear verbatim (clients 9987606 and
 * 987606, tariff Outmail500/Outmail1000, live service 1234931) so that the docs' samples run unchanged
 * against the sandbox.
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
  product: string;
  credits: number;
}

/** The only product `/outmails` creates; other products' tariffs exist so callers must filter by product. */
export const OUTMAIL_PRODUCT = "outMail";

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
];

/** New outMail services are placed on these servers in turn. */
export const SEED_OUTMAIL_SERVER_IDS: readonly string[] = ["301", "302", "303"];

export const FIRST_OUTMAIL_ID = 500001;
/** The docs' regrade sample uses live service 1234931: the first service created here gets that id. */
export const FIRST_LIVE_SERVICE_ID = 1234931;
