/**
 * Read-only lookups for programs: a customer by id, the reseller's band pricing, and the customer
 * transaction searches, paged through to the end. They run in the program (also during preview) and
 * read the `mailreseller:resellerclub*` config of the stack, or the MAILRESELLER_RESELLERCLUB_*
 * environment variables.
 */
import { Page, allItems } from "../core/transport/paginate";
import { programConfig } from "../core/program/program-config";
import { resellerclubClientFromConfig } from "./client";

/** A customer, with the docs' field names. */
export interface Customer {
  customerid: string;
  username?: string;
  resellerid?: string;
  name?: string;
  company?: string;
  useremail?: string;
  country?: string;
  customerstatus?: string;
  langpref?: string;
  [field: string]: unknown;
}

/**
 * Gets a customer's details (`customers/details-by-id.json`).
 *
 * @param customerId - The customer's id (`customerid`), digits.
 */
export async function getCustomer(customerId: string): Promise<Customer> {
  const details = await resellerclubClientFromConfig(programConfig()).customerDetails(customerId);
  return { ...details, customerid: String(details.customerid ?? customerId) };
}

/** A limit: a number, or "unlimited" where the API says -1. */
export type Limit = number | "unlimited";

/** One pricing band of a plan. */
export interface PricingBand {
  /** Prices by action (`add`, `renew`, `ssl`…); absent when no pricing is set for the band. */
  pricing?: Record<string, number>;
  /** The band's parameters (`no_of_mail_accounts`, `webspace`…), -1 turned into "unlimited". */
  limits: Record<string, Limit>;
  isDefault: boolean;
}

/** Pricing by product key, then plan category, then band id. */
export type ResellerPricing = Record<string, Record<string, Record<string, PricingBand>>>;

/** Gets the reseller's band pricing (`mock/products/reseller-price.json`) as a typed map. */
export async function getResellerPricing(): Promise<ResellerPricing> {
  const raw = (await resellerclubClientFromConfig(programConfig()).resellerPricing()) as Record<
    string,
    Record<
      string,
      Record<string, { pricing?: Record<string, number>; description?: Record<string, unknown> }>
    >
  >;
  return parseResellerPricing(raw);
}

/** @internal Turns the raw pricing map into {@link ResellerPricing}. */
export function parseResellerPricing(
  raw: Record<
    string,
    Record<
      string,
      Record<string, { pricing?: Record<string, number>; description?: Record<string, unknown> }>
    >
  >,
): ResellerPricing {
  const result: ResellerPricing = {};
  for (const [product, categories] of Object.entries(raw)) {
    result[product] = {};
    for (const [category, bands] of Object.entries(categories)) {
      result[product][category] = {};
      for (const [bandId, band] of Object.entries(bands)) {
        const limits: Record<string, Limit> = {};
        let isDefault = false;
        for (const [key, value] of Object.entries(band.description ?? {})) {
          if (key === "default") isDefault = value === true;
          else if (typeof value === "number") limits[key] = value === -1 ? "unlimited" : value;
        }
        result[product][category][bandId] = {
          ...(band.pricing ? { pricing: band.pricing } : {}),
          limits,
          isDefault,
        };
      }
    }
  }
  return result;
}

/** A kind of customer transaction, as ResellerClub names it. */
export type TransactionType = "credit" | "debit" | "invoice" | "receipt";

/** Filters of a transaction search. */
export interface TransactionSearch {
  /** Search archived transactions (`billing/customer-archived-transactions/search.json`). Default false. */
  archived?: boolean;
  /** Only these customers' transactions (their ids). Default: every customer's. */
  customerIds?: string[];
  /** Only transactions of these types. Default: every type. */
  transactionTypes?: TransactionType[];
  /** Records per request while paging. Default 100. */
  pageSize?: number;
}

/** One transaction, with the docs' field names without the `customer_transaction.` prefix. */
export type Transaction = Record<string, unknown> & { transid?: string };

/** Every transaction matching the search, fetched page by page (`no-of-records`, `page-no`). */
export async function searchTransactions(search: TransactionSearch = {}): Promise<Transaction[]> {
  const api = resellerclubClientFromConfig(programConfig());
  const pageSize = search.pageSize ?? 100;
  let seen = 0;
  return allItems(
    async (pageNo): Promise<Page<Transaction>> => {
      const page = await api.searchTransactionsPage(search.archived ?? false, {
        "no-of-records": pageSize,
        "page-no": pageNo,
        "customer-id": search.customerIds,
        "transaction-type": search.transactionTypes,
      });
      // LogicBoxes' numbered-key format: the records are "1", "2", ...; `recsindb` is the total.
      const items = Object.entries(page)
        .filter(([key]) => /^\d+$/.test(key))
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([, record]) => unprefix(record as Record<string, unknown>));
      seen += items.length;
      return { items, last: seen >= Number(page.recsindb ?? seen) };
    },
    { context: { vendor: "resellerclub", operation: "search transactions" } },
  );
}

function unprefix(record: Record<string, unknown>): Transaction {
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [k.replace(/^customer_transaction\./, ""), v]),
  );
}
