/**
 * Seed data for the Partner API. Ids and names the vendor's docs use appear verbatim (clients 9987606 and
 * 987606, tariff Outmail500/Outmail1000, live service 1234931) so that the docs' samples run unchanged
 * against the sandbox.
 */

export interface PartnerClient {
  id: string;
  name: string;
  email: string;
  company: string;
}

export interface PartnerTariff {
  service_name: string;
  product: string;
  credits: number;
}

/** The only product `/outmails` creates; other products' tariffs exist so callers must filter by product. */
export const OUTMAIL_PRODUCT = "outMail";

export const SEED_CLIENTS: readonly PartnerClient[] = [
  {
    id: "9987606",
    name: "Alice Brennan",
    email: "alice@brennan-logistics.example",
    company: "Brennan Logistics Ltd",
  },
  { id: "987606", name: "Marco Rossi", email: "marco@rossi-design.example", company: "Rossi Design" },
  { id: "1002345", name: "Priya Shah", email: "it@shah-accounting.example", company: "Shah Accounting LLP" },
  { id: "1002346", name: "Tom Becker", email: "tom@becker-bakery.example", company: "Becker Bakery GmbH" },
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
