/**
 * The reseller's customers and billing: `customers/details-by-id.json`, the reseller price sample and the
 * two transaction searches. They read the seed only (nothing the mail calls do changes them) and answer
 * errors with HTTP 500, so they share nothing with the mail modules but the parameter readers.
 */

import { apiError } from "./answers";
import { type ResellerClubParams, integer, many, required } from "./params";
import {
  type CustomerTransaction,
  type ResellerClubCustomer,
  SEED_CUSTOMERS,
  TRANSACTION_TYPES,
} from "./seed";

export const MIN_NO_OF_RECORDS = 10;
export const MAX_NO_OF_RECORDS = 500;

/** LogicBoxes' search envelope: counts as strings, then the records keyed "1", "2", ... in page order. */
export type TransactionSearchResult = { recsonpage: string; recsindb: string } & Record<
  string,
  string | CustomerTransaction
>;

/** Seed customers with the reseller filled in and receipts summed from the live transactions. */
export function customers(
  resellerId: string,
  transactions: readonly CustomerTransaction[],
): ResellerClubCustomer[] {
  return SEED_CUSTOMERS.map((c) => {
    const receipts = transactions
      .filter(
        (t) =>
          t["customer_transaction.customerid"] === c.customerid &&
          t["customer_transaction.type"] === "receipt",
      )
      .reduce((sum, t) => sum + Number(t["customer_transaction.sellingamount"]), 0);
    // Spelled out so the keys come in the docs' order (resellerid third, totalreceipts last).
    const { customerid, username, ...rest } = c;
    return {
      customerid,
      username,
      resellerid: resellerId,
      ...rest,
      totalreceipts: receipts.toFixed(2),
    };
  });
}

export function customerDetails(
  params: ResellerClubParams,
  all: readonly ResellerClubCustomer[],
): ResellerClubCustomer {
  const id = integer("customer-id", required(params, "customer-id", apiError), apiError);
  const customer = all.find((c) => c.customerid === String(id));
  if (customer === undefined) throw apiError(`Customer ${id} does not exist.`);
  return customer;
}

/**
 * `billing/customer-transactions/search.json` and its archived twin. `no-of-records` (10-500) and
 * `page-no` (from 1) are required; `customer-id` and `transaction-type` filter (repeatable, any of).
 * Records are ordered by transaction id.
 */
export function searchTransactions(
  params: ResellerClubParams,
  source: readonly CustomerTransaction[],
): TransactionSearchResult {
  const size = integer(
    "no-of-records",
    required(params, "no-of-records", apiError),
    apiError,
    MIN_NO_OF_RECORDS,
    MAX_NO_OF_RECORDS,
  );
  const page = integer("page-no", required(params, "page-no", apiError), apiError, 1);
  const customerIds = many(params, "customer-id").map((c) => String(integer("customer-id", c, apiError)));
  const types = many(params, "transaction-type");
  const unknownType = types.find((t) => !(TRANSACTION_TYPES as readonly string[]).includes(t));
  if (unknownType !== undefined) {
    throw apiError(`transaction-type must be one of ${TRANSACTION_TYPES.join(", ")}, not "${unknownType}".`);
  }

  const matches = source
    .filter(
      (t) =>
        (customerIds.length === 0 || customerIds.includes(t["customer_transaction.customerid"])) &&
        (types.length === 0 || types.includes(t["customer_transaction.type"])),
    )
    .sort((a, b) => Number(a["customer_transaction.transid"]) - Number(b["customer_transaction.transid"]));
  const onPage = matches.slice((page - 1) * size, page * size);
  const result: TransactionSearchResult = {
    recsonpage: String(onPage.length),
    recsindb: String(matches.length),
  };
  onPage.forEach((t, i) => {
    result[String(i + 1)] = { ...t };
  });
  return result;
}
