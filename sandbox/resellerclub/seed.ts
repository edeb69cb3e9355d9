/**
 * Seed data for the ResellerClub (LogicBoxes) HTTP API. The docs' own example ids appear verbatim (order 0
 * on `domainname.com`, customer 0) so that their sample URLs run unchanged; the pricing body is the docs'
 * example, character for character.
 */

/** An order mail users belong to (Domain Registration, Email Hosting, ... in the docs). */
export interface ResellerClubOrder {
  orderId: number;
  /** Lower-case; every mail address on the order must be `@` this domain. */
  domain: string;
}

/** `customers/details-by-id.json`: every value a string, as LogicBoxes answers them. */
export interface ResellerClubCustomer {
  customerid: string;
  username: string;
  resellerid: string;
  name: string;
  company: string;
  useremail: string;
  telnocc: string;
  telno: string;
  address1: string;
  address2: string;
  address3: string;
  city: string;
  state: string;
  country: string;
  zip: string;
  pin: string;
  creationdt: string;
  customerstatus: string;
  salescontactid: string;
  langpref: string;
  totalreceipts: string;
}

/** One billing record, keyed by the docs' field names. Amounts and ids are strings, as in LogicBoxes. */
export interface CustomerTransaction {
  "customer_transaction.transid": string;
  /** Unix seconds. */
  "customer_transaction.transactiondate": string;
  "customer_transaction.orderid": string;
  "customer_transaction.key": string;
  "customer_transaction.type": TransactionType;
  "customer_transaction.description": string;
  greedy: string;
  "customer_transaction.customerid": string;
  "customer_transaction.sellingcurrencysymbol": string;
  "customer_transaction.sellingamount": string;
  "customer_transaction.unutilisedsellingamount": string;
  "customer_transaction.accountingcurrencysymbol": string;
  "customer_transaction.accountingamount": string;
  "customer_transaction.unutilisedaccountingamount": string;
  forexdiff: string;
}

/** The docs' `transaction-type` values. */
export const TRANSACTION_TYPES = ["credit", "debit", "invoice", "receipt"] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export const DEFAULT_ORDERS: readonly ResellerClubOrder[] = [
  { orderId: 0, domain: "domainname.com" },
  { orderId: 1001, domain: "customer.example" },
];

/** Customer 0 is the docs' `customer-id=0`; the others make filters and paging meaningful. */
export const SEED_CUSTOMER_IDS = ["0", "15550001", "15550002"] as const;

/** `resellerid` and `totalreceipts` are filled in by the state (the reseller is the auth-userid). */
export const SEED_CUSTOMERS: readonly Omit<ResellerClubCustomer, "resellerid" | "totalreceipts">[] = [
  {
    customerid: "0",
    username: "customer@domainname.com",
    name: "Jane Doe",
    company: "Domainname Inc.",
    useremail: "customer@domainname.com",
    telnocc: "1",
    telno: "4155550100",
    address1: "100 Market Street",
    address2: "Suite 300",
    address3: "",
    city: "San Francisco",
    state: "California",
    country: "US",
    zip: "94105",
    pin: "4821",
    creationdt: "1577836800",
    customerstatus: "Active",
    salescontactid: "0",
    langpref: "en",
  },
  {
    customerid: "15550001",
    username: "owner@customer.example",
    name: "Ravi Menon",
    company: "Customer Example Pvt Ltd",
    useremail: "owner@customer.example",
    telnocc: "91",
    telno: "2240001234",
    address1: "12 Marine Drive",
    address2: "",
    address3: "",
    city: "Mumbai",
    state: "Maharashtra",
    country: "IN",
    zip: "400020",
    pin: "7310",
    creationdt: "1609459200",
    customerstatus: "Active",
    salescontactid: "0",
    langpref: "en",
  },
  {
    customerid: "15550002",
    username: "admin@bakery.example",
    name: "Lena Vogel",
    company: "Vogel Backhaus GmbH",
    useremail: "admin@bakery.example",
    telnocc: "49",
    telno: "30901820",
    address1: "Oranienstrasse 25",
    address2: "",
    address3: "",
    city: "Berlin",
    state: "Berlin",
    country: "DE",
    zip: "10999",
    pin: "2654",
    creationdt: "1640995200",
    customerstatus: "Suspended",
    salescontactid: "0",
    langpref: "de",
  },
];

export const CURRENCY = "USD";
export const SEED_TRANSACTION_COUNT = 25;
export const SEED_ARCHIVED_TRANSACTION_COUNT = 7;

const DAY_SECONDS = 86_400;
/** 2024-01-01T00:00:00Z: current transactions count days from here, archived ones from a year before. */
const CURRENT_EPOCH = 1_704_067_200;
const ARCHIVE_EPOCH = CURRENT_EPOCH - 365 * DAY_SECONDS;

/** Orders an invoice or debit may be for; receipts and credits belong to no order (orderid "0"). */
const PRODUCTS: readonly { orderid: string; what: string }[] = [
  { orderid: "0", what: "Domain Registration domainname.com" },
  { orderid: "1001", what: "Email Hosting customer.example" },
  { orderid: "1002", what: "Email Hosting bakery.example" },
];

function money(n: number): string {
  return n.toFixed(2);
}

/**
 * Deterministic records cycling through customers and types, so filters have something to find in every
 * combination. Invoices and debits are negative and fully utilised; receipts and credits positive, the
 * older ones partly left unutilised.
 */
function transactions(count: number, firstId: number, epoch: number): CustomerTransaction[] {
  return Array.from({ length: count }, (_, i) => {
    const type = TRANSACTION_TYPES[(i * 3 + 2) % TRANSACTION_TYPES.length];
    const customerid = SEED_CUSTOMER_IDS[i % SEED_CUSTOMER_IDS.length];
    const product = PRODUCTS[i % PRODUCTS.length];
    const amount = 10 + ((i * 7) % 23) + 0.99;
    const outgoing = type === "invoice" || type === "debit";
    const signed = outgoing ? -amount : amount;
    const unutilised = outgoing ? 0 : i % 2 === 0 ? amount : 0;
    return {
      "customer_transaction.transid": String(firstId + i),
      "customer_transaction.transactiondate": String(epoch + i * DAY_SECONDS),
      "customer_transaction.orderid": outgoing ? product.orderid : "0",
      "customer_transaction.key": outgoing ? "systemgenerated" : "manually",
      "customer_transaction.type": type,
      "customer_transaction.description": outgoing
        ? `${type === "invoice" ? "Invoice" : "Debit note"} for ${product.what}`
        : `${type === "receipt" ? "Payment received" : "Credit note"}`,
      greedy: outgoing ? "false" : "true",
      "customer_transaction.customerid": customerid,
      "customer_transaction.sellingcurrencysymbol": CURRENCY,
      "customer_transaction.sellingamount": money(signed),
      "customer_transaction.unutilisedsellingamount": money(unutilised),
      "customer_transaction.accountingcurrencysymbol": CURRENCY,
      "customer_transaction.accountingamount": money(signed),
      "customer_transaction.unutilisedaccountingamount": money(unutilised),
      forexdiff: "0.00",
    };
  });
}

export const SEED_TRANSACTIONS: readonly CustomerTransaction[] = transactions(
  SEED_TRANSACTION_COUNT,
  70_000_001,
  CURRENT_EPOCH,
);
export const SEED_ARCHIVED_TRANSACTIONS: readonly CustomerTransaction[] = transactions(
  SEED_ARCHIVED_TRANSACTION_COUNT,
  60_000_001,
  ARCHIVE_EPOCH,
);

/** `mock/products/reseller-price.json`: the docs' example body, verbatim. */
export const RESELLER_PRICE_SAMPLE =
  '{"hosting":{"email_plan":{"0":{"pricing":{"renew":0.0,"add":0.0},"description":{"no_of_mail_accounts":-1,"default":true}},"1":{"description":{"no_of_mail_accounts":1,"default":false}}},"websitebuilder_plan":{"0":{"pricing":{"renew":0.0,"ssl":0.0,"add":0.0},"description":{"no_of_mail_accounts":-1,"default":true,"bandwidth":-1,"noofpages":50,"webspace":-1}},"1":{"description":{"no_of_mail_accounts":0,"default":false,"bandwidth":0,"noofpages":0,"webspace":0}}},"windows_hosting_plan":{"0":{"pricing":{"renew":0.0,"ssl":0.0,"add":0.0},"description":{"no_of_mail_accounts":-1,"default":true,"bandwidth":-1,"webspace":-1}},"1":{"description":{"no_of_mail_accounts":0,"default":false,"bandwidth":0,"webspace":0}}},"linux_hosting_plan":{"0":{"pricing":{"renew":0.0,"ssl":0.0,"add":0.0},"description":{"no_of_mail_accounts":-1,"default":true,"bandwidth":-1,"webspace":-1}},"1":{"description":{"no_of_mail_accounts":1,"default":false,"bandwidth":1,"webspace":1}}}}}';

/** Mail users are listed this many to a page by `mail/users/search.json`. */
export const MAIL_SEARCH_PAGE_SIZE = 200;
