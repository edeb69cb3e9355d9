export { MailUser } from "./mail-user";
export type { MailUserArgs, MailUserInputs, MailUserOutputs } from "./mail-user";
export { ForwardOnlyAccount } from "./forward-only-account";
export type {
  ForwardOnlyAccountArgs,
  ForwardOnlyAccountInputs,
  ForwardOnlyAccountOutputs,
} from "./forward-only-account";
export { getCustomer, getResellerPricing, searchTransactions } from "./lookups";
export type {
  Customer,
  Limit,
  PricingBand,
  ResellerPricing,
  Transaction,
  TransactionSearch,
  TransactionType,
} from "./lookups";
